/**
 * @module
 * Non-fatal notices (a failed callback, a failed navigation): a short list the view shows with
 * `role="alert"`, each dismissable; the oldest go when too many pile up.
 */

/** One notice on screen. */
export interface Notice {
  readonly key: number;
  readonly message: string;
  readonly code?: string;
  readonly requestId?: string;
}

const MAX_NOTICES = 4;

/**
 * Holds the notices of one renderer.
 *
 * @example
 * notices.show({ message: "Saving failed", requestId: "req-7" });
 */
export class NoticeCenter {
  #items: readonly Notice[] = [];
  #nextKey = 1;
  readonly #listeners = new Set<() => void>();

  get items(): readonly Notice[] {
    return this.#items;
  }

  show(notice: Omit<Notice, "key">): void {
    this.#items = [...this.#items, { ...notice, key: this.#nextKey++ }].slice(-MAX_NOTICES);
    this.#emit();
  }

  dismiss(key: number): void {
    this.#items = this.#items.filter((item) => item.key !== key);
    this.#emit();
  }

  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #emit(): void {
    for (const listener of this.#listeners) listener();
  }
}
