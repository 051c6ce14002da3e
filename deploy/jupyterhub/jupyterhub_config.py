"""JupyterHub for a cohort of "Building Relationships with Library Users" on one machine.

Every person has an account on the machine. Participants get JupyterLab with nbgrader's
Assignments list (fetch, hand in, fetch feedback) and none of the trainer's tools; the
trainers get nbgrader's formgrader as well. nbgrader's exchange, a shared folder, carries
the assessments between them. Read docs/jupyterhub.md before you use this file.

Start it as root from the Python environment that holds the kit and JupyterHub:

    COURSE_KIT_TRAINERS=rosa jupyterhub -f deploy/jupyterhub/jupyterhub_config.py

Settings read from the environment (the defaults suit one machine):

    COURSE_KIT_EXCHANGE   the exchange folder (default /srv/nbgrader/exchange)
    COURSE_KIT_TRAINERS   the trainers' user names, separated by commas (default "trainer")
"""

import os
import sys
from pathlib import Path

c = get_config()  # noqa: F821 (given by JupyterHub when it reads this file)

HERE = Path(__file__).resolve().parent
EXCHANGE = os.environ.get("COURSE_KIT_EXCHANGE", "/srv/nbgrader/exchange")
TRAINERS = sorted(filter(None, os.environ.get("COURSE_KIT_TRAINERS", "trainer").split(",")))

# Who may log in: by default the machine's own accounts and passwords (PAM). For a library
# system, use your staff sign-in instead (LDAP, OAuth; see JupyterHub's documentation).
c.JupyterHub.authenticator_class = "pam"
c.Authenticator.admin_users = set(TRAINERS)

# Each person's JupyterLab runs as their own account on this machine, from this Python
# environment (so every user has the kit and nbgrader), and opens in JupyterLab.
c.JupyterHub.spawner_class = "localprocess"
c.Spawner.cmd = [str(Path(sys.executable).with_name("jupyterhub-singleuser"))]
c.Spawner.default_url = "/lab"
c.Spawner.notebook_dir = "~"
c.Spawner.environment = {"COURSE_KIT_EXCHANGE": EXCHANGE}

# The trainers, as a JupyterHub group (the hub's admin page lists them).
c.JupyterHub.load_groups = {"trainers": {"users": TRAINERS}}


def course_kit_role(spawner):
    """Participant or trainer: pick the Jupyter settings folder for this person's Lab.

    The folder comes first on JUPYTER_CONFIG_PATH, so it wins over the settings of the
    Python environment and of the person's own ~/.jupyter folder.
    """
    role = "trainer" if spawner.user.name in TRAINERS else "participant"
    spawner.environment = {**spawner.environment,
                           "JUPYTER_CONFIG_PATH": str(HERE / role),
                           "COURSE_KIT_ROLE": role}


c.Spawner.pre_spawn_hook = course_kit_role

# Let the hub stop the servers of people who have left (an hour without activity) by
# running `jupyterhub-idle-culler` as a service; see docs/jupyterhub.md. Not set here.
