/**
 * DOM helpers of the security tests: provoke every element the way payloads expect (load,
 * error, focus, toggle, animation, clicks), list what a rendered tree is made of, and find
 * attributes that could run script.
 */

/** The events hostile markup waits for. Clicks go last: they may re-render the tree. */
const EVENTS = [
  'load',
  'error',
  'focus',
  'blur',
  'mouseover',
  'toggle',
  'animationstart',
  'begin',
  'start',
  'input',
  'change',
  'click',
];

/** Sends every element under `root` (and `root`) each of the events payloads wait for. */
export function provokeAll(root: Element): void {
  const view = root.ownerDocument.defaultView!;
  const elements = [root, ...root.querySelectorAll('*')];
  for (const type of EVENTS) {
    for (const element of elements) {
      const event =
        type === 'click' || type === 'mouseover'
          ? new view.MouseEvent(type, { bubbles: true, cancelable: true })
          : new view.Event(type, { bubbles: false, cancelable: true });
      // A link's default action (navigation) is not wanted here: only handlers.
      if (type === 'click') element.addEventListener('click', (e) => e.preventDefault());
      element.dispatchEvent(event);
    }
  }
}

/** The element names and attribute names found under `root`. */
export function structureOf(root: Element): { tags: Set<string>; attributes: Set<string> } {
  const tags = new Set<string>();
  const attributes = new Set<string>();
  for (const element of root.querySelectorAll('*')) {
    tags.add(element.localName);
    for (const attribute of element.getAttributeNames()) attributes.add(attribute.toLowerCase());
  }
  return { tags, attributes };
}

/** Attributes that could run script: event handlers, and URLs with a script scheme. */
export function suspiciousAttributes(root: Element): string[] {
  const found: string[] = [];
  for (const element of [root, ...root.querySelectorAll('*')]) {
    for (const name of element.getAttributeNames()) {
      const value = element.getAttribute(name) ?? '';
      // Browsers ignore spaces and control characters in a URL's scheme ("java\tscript:").
      const scheme = [...value]
        .filter((c) => c.charCodeAt(0) > 0x20)
        .join('')
        .toLowerCase();
      const urlAttribute = /^(href|src|action|formaction|data|xlink:href|srcdoc)$/i.test(name);
      if (
        /^on/i.test(name) ||
        name.toLowerCase() === 'srcdoc' ||
        (urlAttribute && /^(javascript|data|vbscript):/.test(scheme))
      ) {
        found.push(`<${element.localName} ${name}="${value.slice(0, 60)}">`);
      }
    }
  }
  return found;
}
