import type { Observable } from 'rxjs';
import { ErrorCode, type JSONValue, type UserData } from '../../protocol';
import { ConversationsError, badArgument, checkJson } from '../errors';
import type { UserUpdatedEventArgs } from './event-args';
import { defineEvents, Evented } from '../events/evented';
import { selectUser } from '../store/selectors';
import type { State, UserEntry } from '../store/state';
import type { ModelContext } from './context';
import { liveProperties } from './live-properties';

let create: (ctx: ModelContext, identity: string) => User;
let retain: (user: User, last: UserData) => void;

/** The events of a User. */
export interface UserEvents {
  updated: UserUpdatedEventArgs;
  userSubscribed: User;
  userUnsubscribed: User;
}

/** A user: profile and reachability, a live view over the store. */
export class User extends Evented<UserEvents> {
  declare readonly identity: string;
  declare readonly friendlyName: string | null;
  declare readonly attributes: JSONValue;
  /** null when reachability is disabled on the server. */
  declare readonly isOnline: boolean | null;
  declare readonly isNotifiable: boolean | null;
  /** Subscribed users are kept live. */
  declare readonly isSubscribed: boolean;

  /** Event names, as the reference SDK exposes them on instances. */
  readonly updated = 'updated';
  readonly userSubscribed = 'userSubscribed';
  readonly userUnsubscribed = 'userUnsubscribed';

  #ctx: ModelContext;
  #identity: string;
  #select: (state: State) => UserEntry | undefined;
  #last: UserData | undefined;

  private constructor(ctx: ModelContext, identity: string) {
    super();
    this.#ctx = ctx;
    this.#identity = identity;
    this.#select = selectUser(identity);
    Object.defineProperties(this, User.#properties);
  }

  /** The names of the events, as the reference SDK gives them (`User.updated`). */
  declare static readonly updated: 'updated';
  declare static readonly userSubscribed: 'userSubscribed';
  declare static readonly userUnsubscribed: 'userUnsubscribed';

  static {
    defineEvents(User, ['updated', 'userSubscribed', 'userUnsubscribed']);
    create = (ctx, identity) => new User(ctx, identity);
    retain = (user, last) => {
      user.#last = last;
    };
  }

  static #properties = liveProperties<User, string>({
    identity: (self) => self.#identity,
    friendlyName: (self) => self.#data()?.friendlyName ?? null,
    attributes: (self) => self.#data()?.attributes ?? {},
    isOnline: (self) => self.#data()?.isOnline ?? null,
    isNotifiable: (self) => self.#data()?.isNotifiable ?? null,
    isSubscribed: (self) => self.#select(self.#ctx.getState())?.subscribed === true
  });

  #data(): UserData | undefined {
    const live = this.#select(this.#ctx.getState())?.data;
    if (live) this.#last = live;
    return this.#last;
  }

  /** The user changed. */
  declare readonly updated$: Observable<UserUpdatedEventArgs>;
  /** The user was subscribed. */
  declare readonly userSubscribed$: Observable<User>;
  /** The user was unsubscribed. */
  declare readonly userUnsubscribed$: Observable<User>;

  /** Changes the friendly name (the current user only). */
  async updateFriendlyName(friendlyName: string): Promise<User> {
    if (typeof friendlyName !== 'string')
      throw badArgument('updateFriendlyName', 'friendlyName', 'a string', friendlyName);
    await this.#ensureMutable();
    await this.#ctx.command('updateUser', { friendlyName }, (user) =>
      this.#ctx.dispatch({ type: 'usersLoaded', items: [user] })
    );
    return this;
  }

  /** Replaces the attributes (the current user only). */
  async updateAttributes(attributes: JSONValue): Promise<User> {
    checkJson('updateAttributes', 'attributes', attributes);
    await this.#ensureMutable();
    await this.#ctx.command('updateUser', { attributes }, (user) =>
      this.#ctx.dispatch({ type: 'usersLoaded', items: [user] })
    );
    return this;
  }

  /** Stops receiving this user's updates (the current user stays subscribed). */
  async unsubscribe(): Promise<void> {
    await this.#ctx.ready();
    if (this.#identity === this.#ctx.identity() || !this.isSubscribed) return;
    await this.#ctx.command('unsubscribeUsers', { identities: [this.#identity] }, () =>
      this.#ctx.dispatch({ type: 'userUnsubscribed', identity: this.#identity })
    );
  }

  async #ensureMutable(): Promise<void> {
    await this.#ctx.ready();
    if (!this.isSubscribed) throw new ConversationsError(ErrorCode.Conflict, "Can't modify unsubscribed object");
    if (this.#identity !== this.#ctx.identity()) {
      throw new ConversationsError(ErrorCode.Forbidden, 'Only the current user can change their own profile');
    }
  }
}

/** Makes the User of an identity (the registry's job: one object per identity). */
export function createUser(ctx: ModelContext, identity: string): User {
  return create(ctx, identity);
}

/** Keeps the last value of a user no longer subscribed, so the object still reads it. */
export function retainUser(user: User, last: UserData): void {
  retain(user, last);
}
