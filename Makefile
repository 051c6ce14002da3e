# Two commands for everyone:  make lab   (work through the course)
#                             make test  (check that the whole kit works)
# Both create the Python environment in .venv the first time (about a minute).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
TRAINER_STAMP := $(VENV)/.installed-trainer
TEST_STAMP := $(VENV)/.installed-test
# JupyterLab refuses to start as root unless told it is on purpose (CI, containers).
ROOT_FLAG := $(shell [ "$$(id -u)" = "0" ] && echo --allow-root)
export PATH := $(CURDIR)/$(BIN):$(PATH)

.PHONY: help lab test lint nav clean-notebooks data release benchmark

help:
	@echo "make lab        open the course in JupyterLab (creates .venv the first time)"
	@echo "make test       run the whole test suite"
	@echo "make lint       ruff over the package and the tests"
	@echo "make nav        regenerate notebook navigation and the README's module table"
	@echo "make clean-notebooks  strip outputs before committing (keeps nbgrader metadata)"
	@echo "make release    rebuild the assessments from exercises/pools (source and release)"
	@echo "make benchmark  measure notebook run time, memory and widget response"
	@echo "make data       regenerate the case-study data (fixed seed: same files every time)"
	@echo "make trainer    the trainer's JupyterLab with nbgrader's formgrader (grade by hand);"
	@echo "                the first time it installs the trainer's tools (nbgrader)"

# The kit's Jupyter configuration. In the environment: a pre-save hook, so notebooks are saved
# without widget views and a return visit shows no "model not found" (course_kit/widgets/
# presave.py). jupyter/participant/ is read by `make lab` only (quiet logs, no nbgrader server
# extensions, kernels on local sockets), so the trainer's `make trainer` keeps nbgrader.
PARTICIPANT_CONFIG := $(CURDIR)/jupyter/participant

# What a participant needs (make lab): the kit and its dependencies, nothing more (the
# trainer's nbgrader is an extra: see TRAINER_STAMP).
$(STAMP): pyproject.toml course_kit/widgets/presave.py course_kit/widgets/keyboard.py \
		course_kit/kernel.py course_kit/settings_file.py
	@test -x $(BIN)/python || { echo "Setting up the course's Python environment in .venv" \
		"(once; about a minute)..."; $(PYTHON) -m venv $(VENV); }
	@# --no-compile: Python compiles what is used when it is first imported; compiling all
	@# of JupyterLab's and pandas' files up front took half the set-up time.
	@$(BIN)/python -m pip install --quiet --quiet --no-compile --disable-pip-version-check -e .
	@$(BIN)/python -m course_kit.widgets.presave
	@touch $(STAMP)

# The trainer's tools on top (nbgrader, for course-kit release, grade, formgrader …): make
# trainer, make release, make test. Their Lab menus stay hidden in the participants' make lab,
# which shares this .venv.
$(TRAINER_STAMP): $(STAMP)
	@$(BIN)/python -m pip install --quiet --quiet --no-compile --disable-pip-version-check \
		-e ".[trainer]"
	@$(BIN)/jupyter labextension disable --level=sys_prefix @jupyter/nbgrader:create-assignment \
		@jupyter/nbgrader:formgrader @jupyter/nbgrader:course-list \
		@jupyter/nbgrader:assignment-list @jupyter/nbgrader:menu >/dev/null 2>&1 || true
	@touch $(TRAINER_STAMP)

# What the tests need on top (make test).
$(TEST_STAMP): $(TRAINER_STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e ".[test]"
	@touch $(TEST_STAMP)

lab: $(STAMP)
	@echo "Starting JupyterLab: it opens the Welcome notebook in your browser in about 10 seconds." \
		"Keep this window open; press Ctrl+C twice here to stop."
	@JUPYTER_CONFIG_PATH="$(PARTICIPANT_CONFIG)$${JUPYTER_CONFIG_PATH:+:$$JUPYTER_CONFIG_PATH}" \
		$(BIN)/jupyter lab $(ROOT_FLAG) notebooks/00-welcome.ipynb

test: $(TEST_STAMP)
	$(BIN)/python -m pytest -n 2 --dist loadfile --no-loadscope-reorder --nbval-lax tests notebooks

lint: $(TEST_STAMP)
	$(BIN)/ruff check course_kit tests benchmarks exercises/nbgrader_config.py deploy

nav: $(STAMP)
	$(BIN)/course-kit nav

clean-notebooks: $(STAMP)
	$(BIN)/course-kit clean

data: $(STAMP)
	$(BIN)/course-kit data

release: $(TRAINER_STAMP)
	$(BIN)/course-kit build

benchmark: $(TEST_STAMP)
	$(BIN)/python benchmarks/notebooks.py

# The trainer's JupyterLab: nbgrader's formgrader and assignment tools switched on for this
# session only (participants' `make lab` and Binder keep them hidden). See README.
.PHONY: trainer
trainer: $(TRAINER_STAMP)
	$(BIN)/course-kit formgrader
