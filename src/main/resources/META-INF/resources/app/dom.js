// Builds DOM nodes from plain values. Text always goes in as text, never as HTML, so nothing the
// upstream sends (titles, replies, notifications) can turn into markup or script on this page.
export function h(tag, props = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (value == null || value === false) {
      continue;
    }
    if (name.startsWith('on')) {
      element.addEventListener(name.slice(2), value);
    } else {
      element.setAttribute(name, value === true ? '' : String(value));
    }
  }
  element.append(...children.flat().filter(c => c != null && c !== false));
  return element;
}

/** The plain text of an HTML fragment: parsed inert (no script runs, nothing loads), then flattened. */
export function textOf(html) {
  return new DOMParser().parseFromString(html ?? '', 'text/html').body.textContent ?? '';
}

/** An ISO-8601 instant in the reader's own locale. */
export function when(iso) {
  return iso ? new Date(iso).toLocaleString() : '';
}
