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
    COURSE_KIT_HOME       the kit's folder, readable by everyone (default: the folder two
                          levels above this file, that is the kit's checkout)
"""

import os
import pwd
import shutil
import sys
from pathlib import Path

c = get_config()  # noqa: F821 (given by JupyterHub when it reads this file)

HERE = Path(__file__).resolve().parent
KIT = Path(os.environ.get("COURSE_KIT_HOME", HERE.parent.parent))
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
    """Before a person's JupyterLab starts: their role's settings and their own notebooks.

    The role's settings folder comes first on JUPYTER_CONFIG_PATH, so it wins over the
    settings of the Python environment and of the person's own ~/.jupyter folder. The
    case-study data is shared (read-only); the notebooks are copied into the person's home
    the first time (never over their work); saved work goes to ~/my_work.
    """
    role = "trainer" if spawner.user.name in TRAINERS else "participant"
    account = pwd.getpwnam(spawner.user.name)
    home = Path(account.pw_dir)
    spawner.environment = {**spawner.environment,
                           "JUPYTER_CONFIG_PATH": str(HERE / role),
                           "COURSE_KIT_ROLE": role,
                           "COURSE_KIT_DATA": str(KIT / "datasets"),
                           "COURSE_KIT_WORK_DIR": str(home / "my_work")}
    notebooks = home / "notebooks"
    if home.is_dir() and not notebooks.exists():
        shutil.copytree(KIT / "notebooks", notebooks,
                        ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
        for folder, _, files in os.walk(notebooks):
            for path in [folder, *(os.path.join(folder, name) for name in files)]:
                os.chown(path, account.pw_uid, account.pw_gid)


c.Spawner.pre_spawn_hook = course_kit_role

# Let the hub stop the servers of people who have left (an hour without activity) by
# running `jupyterhub-idle-culler` as a service; see docs/jupyterhub.md. Not set here.
