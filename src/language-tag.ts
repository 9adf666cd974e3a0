// A BCP 47 language tag in the shape feeds and configs write it (RFC 5646 §2.1, without extensions' finer
// rules): "de", "de-CH", "zh-Hant", and "pt_BR" as feeds spell it. The config, decoding (the language a feed
// declares picks its legacy charset) and publishing (the `lang` attribute) use this one check, so a tag one of
// them accepts is never junk to another.

/** The pattern itself, for the config schema (its JSON Schema `pattern` tells editors the rule). */
export const languageTagPattern = /^[A-Za-z]{2,3}([-_][A-Za-z0-9]{1,8})*$/;

/** Whether `value` is a well-formed language tag ("de", "de-CH", "pt_BR"); a name ("German"), junk or whitespace is not. */
export function isLanguageTag(value: string): boolean {
  return languageTagPattern.test(value);
}
