import { provideZonelessChangeDetection } from '@angular/core';
import { bootstrapApplication } from '@angular/platform-browser';
import { ConversationsComponent } from './conversations.component';
import { CONVERSATIONS_TOKEN_SOURCE } from './conversations.service';

/** The app: one component, the service provided in root, tokens from your backend. */
bootstrapApplication(ConversationsComponent, {
  providers: [
    provideZonelessChangeDetection(),
    { provide: CONVERSATIONS_TOKEN_SOURCE, useValue: () => fetch('/api/token').then((response) => response.text()) }
  ]
}).catch((error: unknown) => console.error(error));
