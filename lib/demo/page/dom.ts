/** A few DOM helpers: elements from a description, text that is set only when it changed, keyed lists. */

type Child = Node | string | null | undefined | false;

/** What `h` sets on an element. */
export interface Props {
  class?: string;
  text?: string;
  title?: string;
  /** `data-*` attributes, by the part after `data-`. */
  data?: Record<string, string>;
  attrs?: Record<string, string>;
  on?: Partial<{ [K in keyof HTMLElementEventMap]: (event: HTMLElementEventMap[K]) => void }>;
}

/** Creates an element. Text is always set as text, never parsed as HTML. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Props = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (props.class) node.className = props.class;
  if (props.text !== undefined) node.textContent = props.text;
  if (props.title !== undefined) node.title = props.title;
  for (const [name, value] of Object.entries(props.data ?? {})) node.dataset[name] = value;
  for (const [name, value] of Object.entries(props.attrs ?? {})) node.setAttribute(name, value);
  for (const [name, listener] of Object.entries(props.on ?? {})) node.addEventListener(name, listener as EventListener);
  for (const child of children) if (child) node.append(child);
  return node;
}

/** Sets the text of a node if it differs. */
export function setText(node: Node, text: string): void {
  if (node.textContent !== text) node.textContent = text;
}

/** Sets or removes a class. */
export function toggle(node: Element, name: string, on: boolean): void {
  if (node.classList.contains(name) !== on) node.classList.toggle(name, on);
}

/** Sets a `data-*` attribute if it differs. */
export function setData(node: HTMLElement, name: string, value: string): void {
  if (node.dataset[name] !== value) node.dataset[name] = value;
}

const keyedChildren = new WeakMap<HTMLElement, Map<string, HTMLElement>>();

/**
 * Makes `parent`'s children one node per item, in order: a node is made once per key and then
 * only updated, so scroll position, focus and transitions survive a re-render.
 */
export function syncList<T>(
  parent: HTMLElement,
  items: readonly T[],
  key: (item: T) => string,
  create: (item: T) => HTMLElement,
  update: (node: HTMLElement, item: T) => void
): void {
  const previous = keyedChildren.get(parent) ?? new Map<string, HTMLElement>();
  const next = new Map<string, HTMLElement>();
  let cursor: ChildNode | null = parent.firstChild;
  for (const item of items) {
    const k = key(item);
    let node = previous.get(k);
    if (node === undefined) node = create(item);
    update(node, item);
    next.set(k, node);
    if (node === cursor) cursor = cursor.nextSibling;
    else parent.insertBefore(node, cursor);
  }
  for (const [k, node] of previous) if (!next.has(k)) node.remove();
  keyedChildren.set(parent, next);
}
