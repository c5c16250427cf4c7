# influencer-playbook: `make demo` and `make test` from a clean clone; `make lab` for analysts.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO ?= data/campaigns/aurora-baltics-2027.yaml
NOTEBOOKS := notebooks/*.ipynb playbook/exercises/*.ipynb playbook/exercises/solutions/*.ipynb

.PHONY: demo test lab format sample-data site exercises clean git-filter

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	$(BIN)/python -m ipykernel install --sys-prefix --name influencer-playbook \
		--display-name "influencer-playbook"
	touch $(STAMP)

# nbstripout as git's filter for notebooks: a notebook saved in JupyterLab with its outputs is
# stored without them, so saving never dirties a commit (nothing happens outside a git clone).
git-filter: $(STAMP)
	@if git rev-parse --git-dir >/dev/null 2>&1; then \
	  attrs="$$(git rev-parse --git-path info/attributes)"; \
	  { git config filter.nbstripout.clean '$(CURDIR)/$(BIN)/python -m nbstripout --keep-id' && \
	    git config filter.nbstripout.smudge cat && \
	    git config filter.nbstripout.required true && \
	    git config diff.ipynb.textconv '$(CURDIR)/$(BIN)/python -m nbstripout --keep-id -t' && \
	    mkdir -p "$$(dirname "$$attrs")" && \
	    { grep -qs 'filter=nbstripout' "$$attrs" || \
	      printf '*.ipynb filter=nbstripout\n*.ipynb diff=ipynb\n' >> "$$attrs"; }; } || \
	  echo "note: could not set up the notebook filter in this clone; run 'make format' before committing notebooks"; \
	fi

demo: $(STAMP) git-filter  ## run the example campaign end to end and print its report's path
	$(BIN)/playbook run $(DEMO)

test: $(STAMP) git-filter  ## lint, check notebooks are clean (as git stores them), run the whole test suite
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	@if git rev-parse --git-dir >/dev/null 2>&1; then \
	  tmp=$$(mktemp -d) && for nb in $(NOTEBOOKS); do mkdir -p "$$tmp/$$(dirname $$nb)"; \
	    git show ":$$nb" > "$$tmp/$$nb" 2>/dev/null || cp "$$nb" "$$tmp/$$nb"; done && \
	  (cd "$$tmp" && $(CURDIR)/$(BIN)/nbstripout --keep-id --verify $(NOTEBOOKS)); status=$$?; rm -rf "$$tmp"; exit $$status; \
	else $(BIN)/nbstripout --keep-id --verify $(NOTEBOOKS); fi
	$(BIN)/python -m pytest -n auto --dist loadscope

lab: $(STAMP) git-filter  ## open JupyterLab on the notebooks with the project's kernel
	$(BIN)/jupyter lab notebooks/

format: $(STAMP)  ## fix lint and formatting, strip notebook outputs
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
	$(BIN)/nbstripout --keep-id $(NOTEBOOKS)

site: $(STAMP)  ## build the playbook as a browsable site in site/ (after make demo: with its report)
	$(BIN)/mkdocs build --strict

exercises: $(STAMP) git-filter  ## open JupyterLab on the trainee exercises
	$(BIN)/jupyter lab playbook/exercises/

sample-data: $(STAMP)  ## regenerate data/sample byte for byte
	$(BIN)/playbook sample-data

clean:
	rm -rf $(VENV) reports site .pytest_cache .ruff_cache
