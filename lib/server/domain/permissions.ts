import type { RoleRecord } from '../storage/records';

/**
 * Roles and permissions, with the reference service's names. A user has one service role (what
 * they may do in the service: create and join conversations, edit profiles); a participant has
 * one conversation role (what they may do in that conversation). In a conversation, a user may
 * do what either role grants. Pure data and functions; roles are stored (`Reader.getRole`).
 */

/** Permissions of a conversation role (a service role may hold them too: they then apply in every conversation). */
export const CONVERSATION_PERMISSIONS = [
  'sendMessage',
  'sendMediaMessage',
  'leaveConversation',
  'addParticipant',
  'removeParticipant',
  'editConversationName',
  'editConversationAttributes',
  'deleteConversation',
  'editOwnMessage',
  'editAnyMessage',
  'editOwnMessageAttributes',
  'editAnyMessageAttributes',
  'deleteOwnMessage',
  'deleteAnyMessage',
  'editOwnParticipantAttributes',
  'editAnyParticipantAttributes',
  'editNotificationLevel'
] as const;

/** Permissions only a service role holds. */
export const SERVICE_ONLY_PERMISSIONS = [
  'createConversation',
  'joinConversation',
  'editOwnUserInfo',
  'editAnyUserInfo'
] as const;

/** A permission's name. */
export type Permission = (typeof CONVERSATION_PERMISSIONS)[number] | (typeof SERVICE_ONLY_PERMISSIONS)[number];

/** Whether a role is given to users (`service`) or to participants (`conversation`). */
export type RoleType = 'service' | 'conversation';

/** The permissions a role of a type may hold. */
export function permissionsOfType(type: RoleType): readonly Permission[] {
  return type === 'conversation'
    ? CONVERSATION_PERMISSIONS
    : [...SERVICE_ONLY_PERMISSIONS, ...CONVERSATION_PERMISSIONS];
}

/** Whether `name` is a permission a role of `type` may hold. */
export function isPermissionOf(type: RoleType, name: string): name is Permission {
  return (permissionsOfType(type) as readonly string[]).includes(name);
}

/** The conversation role a participant gets unless told otherwise (the reference's "channel user"). */
export const DEFAULT_CONVERSATION_ROLE = 'user';
/** The conversation role of a conversation's creator (the reference's "channel admin"). */
export const CREATOR_CONVERSATION_ROLE = 'admin';
/** The service role a user gets unless told otherwise (the reference's "service user"). */
export const DEFAULT_SERVICE_ROLE = 'service user';
/** The service role with every service permission (the reference's "service admin"). */
export const ADMIN_SERVICE_ROLE = 'service admin';

const MODERATION: Permission[] = [
  'addParticipant',
  'removeParticipant',
  'editConversationName',
  'editConversationAttributes',
  'deleteConversation',
  'editAnyMessage',
  'editAnyMessageAttributes',
  'deleteAnyMessage',
  'editAnyParticipantAttributes'
];

/**
 * The roles every service starts with (editable, not removable). The conversation roles keep the
 * names `user` and `admin` that participants carry on the wire.
 */
export const DEFAULT_ROLES: readonly (Omit<RoleRecord, 'dateCreated' | 'dateUpdated' | 'permissions'> & {
  permissions: Permission[];
})[] = [
  {
    sid: 'RL00000000000000000000000000000001',
    friendlyName: DEFAULT_SERVICE_ROLE,
    type: 'service',
    permissions: ['createConversation', 'joinConversation', 'editOwnUserInfo']
  },
  {
    sid: 'RL00000000000000000000000000000002',
    friendlyName: ADMIN_SERVICE_ROLE,
    type: 'service',
    permissions: ['createConversation', 'joinConversation', 'editOwnUserInfo', 'editAnyUserInfo', ...MODERATION]
  },
  {
    sid: 'RL00000000000000000000000000000003',
    friendlyName: DEFAULT_CONVERSATION_ROLE,
    type: 'conversation',
    permissions: [
      'sendMessage',
      'sendMediaMessage',
      'leaveConversation',
      'addParticipant',
      'editConversationName',
      'editConversationAttributes',
      'editOwnMessage',
      'editOwnMessageAttributes',
      'deleteOwnMessage',
      'editOwnParticipantAttributes',
      'editNotificationLevel'
    ]
  },
  {
    sid: 'RL00000000000000000000000000000004',
    friendlyName: CREATOR_CONVERSATION_ROLE,
    type: 'conversation',
    permissions: [...CONVERSATION_PERMISSIONS]
  }
];

/** Whether `name` is one of the default roles (they cannot be removed). */
export function isDefaultRole(name: string): boolean {
  return DEFAULT_ROLES.some((role) => role.friendlyName === name);
}

/** The permissions of a service role and a conversation role together (either may be missing). */
export function grantedBy(...roles: readonly (Pick<RoleRecord, 'permissions'> | null)[]): ReadonlySet<Permission> {
  const granted = new Set<Permission>();
  for (const role of roles) for (const permission of role?.permissions ?? []) granted.add(permission as Permission);
  return granted;
}

/** Whether `granted` holds every permission of `role`: one may only give a role one could act as. */
export function holdsAll(granted: ReadonlySet<Permission>, role: Pick<RoleRecord, 'permissions'>): boolean {
  return role.permissions.every((permission) => granted.has(permission as Permission));
}

/** A default role as stored before anyone edited it. */
export function defaultRole(name: string): RoleRecord | null {
  const role = DEFAULT_ROLES.find((candidate) => candidate.friendlyName === name);
  return role ? { ...role, permissions: [...role.permissions], dateCreated: 0, dateUpdated: 0 } : null;
}
