// Text that is about to enter an XML document: XML 1.0 forbids some characters outright
// (§2.2 Char), and `feed` passes them through, which makes the whole document unreadable.

// C0 controls except tab/LF/CR, the non-characters U+FFFE/U+FFFF and lone surrogates.
const XML_ILLEGAL =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Removes characters that XML 1.0 does not allow anywhere in a document. */
export function stripXmlIllegal(text: string): string {
  return text.replace(XML_ILLEGAL, '');
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for XML or HTML element content and quoted attribute values alike. */
export function escapeXml(text: string): string {
  return stripXmlIllegal(text).replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}
