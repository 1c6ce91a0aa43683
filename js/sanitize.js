// The one way activity HTML reaches the DOM: through DOMPurify, with a strict list.
import DOMPurify from "dompurify";

const CONFIG = {
  ALLOWED_TAGS: ["p", "br", "b", "strong", "i", "em", "u", "s", "ul", "ol", "li",
    "a", "blockquote", "code", "pre", "span", "div", "h1", "h2", "h3", "h4", "table",
    "thead", "tbody", "tr", "td", "th", "hr"],
  ALLOWED_ATTR: ["href", "title"],
  ALLOW_DATA_ATTR: false,
  RETURN_DOM_FRAGMENT: true,
};

/**
 * Sanitise an HTML string and return a fragment ready to append.
 * Links open in a new tab and never pass the opener on.
 * @param {string} html
 * @returns {DocumentFragment}
 */
export function safeFragment(html) {
  const frag = DOMPurify.sanitize(String(html || ""), CONFIG);
  for (const a of frag.querySelectorAll("a")) {
    a.setAttribute("target", "_blank");
    a.setAttribute("rel", "noopener noreferrer");
  }
  return frag;
}
