# influencer-playbook: `make demo` and `make test` from a clean clone; `make lab` for analysts.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO ?= data/campaigns/aurora-baltics-2027.yaml
NOTEBOOKS := notebooks/*.ipynb playbook/exercises/*.ipynb playbook/exercises/solutions/*.ipynb

.PHONY: demo test lab format sample-data site exercises clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	$(BIN)/python -m ipykernel install --sys-prefix --name influencer-playbook \
		--display-name "influencer-playbook"
	touch $(STAMP)

demo: $(STAMP)  ## run the example campaign end to end and print its report's path
	$(BIN)/playbook run $(DEMO)

test: $(STAMP)  ## lint, check notebooks are clean, run the whole test suite
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/nbstripout --keep-id --verify $(NOTEBOOKS)
	$(BIN)/python -m pytest

lab: $(STAMP)  ## open JupyterLab on the notebooks with the project's kernel
	$(BIN)/jupyter lab notebooks/

format: $(STAMP)  ## fix lint and formatting, strip notebook outputs
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
	$(BIN)/nbstripout --keep-id $(NOTEBOOKS)

site: $(STAMP)  ## build the playbook as a browsable site in site/ (after make demo: with its report)
	$(BIN)/mkdocs build --strict

exercises: $(STAMP)  ## open JupyterLab on the trainee exercises
	$(BIN)/jupyter lab playbook/exercises/

sample-data: $(STAMP)  ## regenerate data/sample byte for byte
	$(BIN)/playbook sample-data

clean:
	rm -rf $(VENV) reports site .pytest_cache .ruff_cache
