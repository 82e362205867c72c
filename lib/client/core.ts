import type { SchedulerLike } from 'rxjs';
import { deliver } from './events/deliver';
import { DeliveryAcks } from './events/delivery-acks';
import { EventStreams } from './events/event-streams';
import { EventPipeline } from './events/pipeline';
import { TypingTimers } from './events/typing-timers';
import { conversationActions } from './model/conversation-actions';
import { Registry } from './model/registry';
import type { ResolvedOptions } from './options';
import { optionalPart } from './model/parts';
import { Session } from './session/session';
import { createInitialState } from './store/initial-state';
import { Store } from './store/store';
import { selectPendingMessages } from './store/selectors';
import type { PendingMessage } from './store/state';
import { createLogger } from './util/logger';
import { ClientScheduler } from './util/scheduler';

/**
 * The parts of a client, wired: the session (with the transport below it) feeds the store; each
 * published batch goes to the session (replies waiting for it resolve), then into the event
 * pipeline, whose own subscribers (acknowledgements, typing timers, receipt counting) run at once
 * and whose events reach the application's streams and listeners on the scheduler.
 *
 * ```
 * transport → session → store → pipeline → event streams ($ and listeners) → application
 * ```
 */
export class ClientCore {
  readonly scheduler: SchedulerLike;
  readonly store: Store;
  readonly streams = new EventStreams();
  readonly session: Session;
  readonly models: Registry;
  readonly pipeline: EventPipeline;
  readonly #stop: () => void;

  constructor(token: string, options: ResolvedOptions) {
    const scheduler = (this.scheduler = options.scheduler ?? new ClientScheduler());
    const store = (this.store = new Store(createInitialState({ messageCacheSize: options.messageCacheSize })));
    const session = (this.session = new Session({
      token,
      options,
      scheduler,
      log: createLogger(options.logLevel),
      store,
      tell: (...events) => this.pipeline.tell(...events)
    }));
    const models = (this.models = new Registry(session, this.streams));
    const pipeline = (this.pipeline = new EventPipeline(
      scheduler,
      (event) => deliver(this.streams, models, event),
      (event) => models.retain(event)
    ));

    const typing = new TypingTimers(scheduler, (action) => store.dispatch(action));
    const acks = new DeliveryAcks(scheduler, options.deliveryAckIntervalMs, (conversationSid, index) =>
      session.command('ackDelivery', { conversationSid, index }).then(
        () => undefined,
        (error: unknown) => session.log.debug('a delivery acknowledgement failed:', error)
      )
    );
    // the reference's `deliveryReceipt` updates come with the receipts part
    const receipts = optionalPart('receipts')?.watcher();
    pipeline.published$.subscribe((batch) => {
      typing.published(batch);
      acks.published(batch);
      if (receipts) pipeline.tell(...receipts.published(batch.state));
    });
    store.batches$.subscribe((batch) => {
      session.applied(batch.state);
      session.cacheChanged(batch.state);
      const rosters = session.rostersOfJoined(batch.emissions);
      if (rosters !== null) pipeline.hold(rosters);
      pipeline.publish({ state: batch.state, actions: batch.actions, events: session.visible(batch.emissions) });
    });

    this.#stop = () => {
      typing.clear();
      acks.clear();
    };
    session.open();
    // sends a cache kept across a reload go again, with their keys, once the client is initialized
    void session.ready().then(
      () => resendKept(session, session.takeRestoredSends()),
      () => undefined
    );
  }

  /** Shuts everything down: the session, timers, the pipeline, every stream, the store. */
  shutdown(): void {
    if (this.session.phase === 'shutdown') return;
    this.session.shutdown();
    this.#stop();
    this.pipeline.close();
    this.streams.complete();
    this.store.complete();
  }
}

/** Sends again the kept sends still pending (a replayed event may have reconciled some already). */
function resendKept(session: Session, kept: readonly PendingMessage[]): void {
  for (const message of kept) {
    const held = selectPendingMessages(message.conversationSid)(session.getState());
    if (held.some((item) => item.key === message.key && item.status === 'pending'))
      void conversationActions.resend(session, message).catch(() => undefined);
  }
}
