import '@angular/compiler';
import { DOCUMENT, NgModule, inject } from '@angular/core';
import { TestBed, TestComponentRenderer } from '@angular/core/testing';
import { ServerModule, platformServer } from '@angular/platform-server';

/** Puts each test component's host element into the server platform's document. */
class ServerComponentRenderer extends TestComponentRenderer {
  constructor(private readonly document: Document) {
    super();
  }

  override insertRootElement(rootElementId: string, tagName = 'div'): void {
    const element = this.document.createElement(tagName);
    element.id = rootElementId;
    this.document.body.appendChild(element);
  }

  override removeAllRootElements(): void {
    while (this.document.body.firstChild) this.document.body.removeChild(this.document.body.firstChild);
  }
}

/**
 * Angular's TestBed in Node, on Angular's own server platform (it brings a DOM, so change
 * detection and rendering run). Call once per spec file.
 */
export function initTestBed(): void {
  class ServerTesting {}
  NgModule({
    imports: [ServerModule],
    providers: [{ provide: TestComponentRenderer, useFactory: () => new ServerComponentRenderer(inject(DOCUMENT)) }]
  })(ServerTesting);
  TestBed.initTestEnvironment(ServerTesting, platformServer(), { teardown: { destroyAfterEach: true } });
}

/** zone.js, when loaded: it reports unhandled rejections of its promises itself, not to the process. */
const zone = (globalThis as { Zone?: Record<string, unknown> }).Zone;
const ZONE_REJECTION_HANDLER = '__zone_symbol__unhandledPromiseRejectionHandler';

/** Collects unhandled promise rejections (the process's, and zone.js's) while a spec runs; `stop()` returns them. */
export function watchRejections(): { stop(): unknown[] } {
  const seen: unknown[] = [];
  const listener = (reason: unknown) => seen.push(reason);
  process.on('unhandledRejection', listener);
  if (zone) zone[ZONE_REJECTION_HANDLER] = listener;
  return {
    stop() {
      process.off('unhandledRejection', listener);
      if (zone) delete zone[ZONE_REJECTION_HANDLER];
      return seen;
    }
  };
}
