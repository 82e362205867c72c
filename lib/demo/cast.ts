/** Who takes part in the demo, where, and what they say and share. */
import { barChart, wireframe } from './pictures';

/** A simulated person. */
export interface Person {
  identity: string;
  friendlyName: string;
  /** The host never goes offline: it owns the rooms and welcomes visitors. */
  host?: boolean;
}

/** A conversation of the demo, found again by its unique name on every start. */
export interface Room {
  uniqueName: string;
  friendlyName: string;
  /** Identities of the simulated members; the first creates the room. */
  members: string[];
  /** What is said there. */
  lines: readonly string[];
  /** Files shared there now and then. */
  attachments: readonly Attachment[];
}

/** A file a simulated person shares: said first, then sent as a media message. */
export interface Attachment {
  caption: string;
  filename: string;
  contentType: string;
  make(random: () => number): Uint8Array;
}

const series = (random: () => number, n: number) =>
  Array.from({ length: n }, (_, i) => 0.25 + (0.6 * i) / n + random() * 0.2);
const text = (value: string) => new TextEncoder().encode(value);

/** The simulated people. */
export const PEOPLE: readonly Person[] = [
  { identity: 'maya', friendlyName: 'Maya Chen', host: true },
  { identity: 'leo', friendlyName: 'Leo Okafor' },
  { identity: 'sofia', friendlyName: 'Sofia Reyes' },
  { identity: 'jonas', friendlyName: 'Jonas Berg' },
  { identity: 'priya', friendlyName: 'Priya Nair' }
];

/** The rooms. Every visitor of the page is added to each of them. */
export const ROOMS: readonly Room[] = [
  {
    uniqueName: 'demo-launch',
    friendlyName: 'Launch planning',
    members: ['maya', 'leo', 'sofia', 'jonas'],
    lines: [
      'Release notes are in the doc, please skim them before standup.',
      'The staging deploy is green.',
      'Can we move the go/no-go to 3pm?',
      'Marketing wants the changelog link by Thursday.',
      'I re-ran the migration on a copy of prod: 41 s, no locks.',
      'Feature flag is at 10% and the error rate is flat.',
      'Who owns the rollback plan?',
      'Bumping the flag to 50%.',
      'Dashboards look calm. Ship it?',
      'Docs PR merged.',
      'One flaky test in CI, retried and green. Filing an issue.',
      'Load test done: p99 at 38 ms with 2,000 sockets.'
    ],
    attachments: [
      {
        caption: 'Sign-ups this week:',
        filename: 'signups.png',
        contentType: 'image/png',
        make: (random) => barChart(series(random, 7), random)
      },
      {
        caption: 'Latency by hour, from the load test:',
        filename: 'latency.png',
        contentType: 'image/png',
        make: (random) => barChart(series(random, 12).reverse(), random)
      }
    ]
  },
  {
    uniqueName: 'demo-support',
    friendlyName: 'Support inbox',
    members: ['maya', 'priya', 'leo'],
    lines: [
      'New ticket: a customer cannot see messages sent while offline.',
      'That was the old SDK: with resume they arrive on reconnect.',
      'Replied with the reconnection guide.',
      'Someone asks whether tokens can be renewed without a reload.',
      'Yes: tokenAboutToExpire, then updateToken. Sent them the snippet.',
      'Ticket closed, customer happy.',
      'A question about unread counts across many conversations.',
      'selectTotalUnreadCount covers it, one line.',
      'Escalating the SSO question to Leo.',
      'Queue is empty. Coffee.'
    ],
    attachments: [
      {
        caption: 'The log the customer sent:',
        filename: 'client-log.txt',
        contentType: 'text/plain',
        make: () =>
          text(
            [
              '10:02:11 connecting',
              '10:02:11 connected (resumed at 48213)',
              '10:14:40 disconnected (1006)',
              '10:14:41 connecting',
              '10:14:42 connected (resumed at 48390)',
              ''
            ].join('\n')
          )
      }
    ]
  },
  {
    uniqueName: 'demo-design',
    friendlyName: 'Design review',
    members: ['maya', 'sofia', 'jonas', 'priya'],
    lines: [
      'New mock for the inbox: unread badges moved to the right.',
      'Typing indicator under the header, not in the list?',
      'I like the read receipts as two ticks.',
      'Contrast of the grey text is too low, bumping it.',
      'Empty state copy: "No conversations yet".',
      'Avatars with initials until people upload photos.',
      'Dark mode can wait for v2.',
      'Spacing is on an 8 px grid now.',
      'Pushed the tokens to the design system.'
    ],
    attachments: [
      {
        caption: 'New inbox mock:',
        filename: 'inbox-mock.png',
        contentType: 'image/png',
        make: (random) => wireframe(random)
      }
    ]
  },
  {
    uniqueName: 'demo-random',
    friendlyName: 'Random',
    members: ['maya', 'leo', 'sofia', 'jonas', 'priya'],
    lines: [
      'Lunch at the noodle place?',
      'Who left the plant on my desk? I love it.',
      'Friday demo: bring snacks.',
      'The coffee machine is fixed!',
      'Anyone up for a run after work?',
      'Book club picked a 900-page novel. Help.',
      'Photos from the offsite are in the shared folder.',
      'Happy birthday Jonas!',
      'Reminder: the office is closed on Monday.'
    ],
    attachments: [
      {
        caption: 'Running club, km per week:',
        filename: 'running.png',
        contentType: 'image/png',
        make: (random) => barChart(series(random, 8), random)
      }
    ]
  }
];

/** Short answers to a visitor's message. */
export const REPLIES: readonly string[] = [
  'Hi! Welcome aboard.',
  'Good point, noted.',
  'Thanks, I will take a look.',
  'Agreed.',
  'Interesting, tell me more?',
  'On it.',
  'Ha, fair enough.',
  'Let me check and come back to you.'
];

/** Visitors of the page get identities of this shape. */
export const VISITOR_IDENTITY = /^guest-[a-z0-9]{4,16}$/;
