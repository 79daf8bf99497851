// Embeds the word dictionary (generated/dictionary.bin, written by tplguard-gendict) as
// read-only data: mapped with the library, paged in as it is used, never parsed at start-up.
__asm__(
    ".section .rodata\n"
    ".balign 16\n"
    ".global tplguard_dictionary_blob\n"
    ".global tplguard_dictionary_blob_end\n"
    "tplguard_dictionary_blob:\n"
    ".incbin \"" TPLGUARD_DICTIONARY_BIN "\"\n"
    "tplguard_dictionary_blob_end:\n"
    ".previous\n");
