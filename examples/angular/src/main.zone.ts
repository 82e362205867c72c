import { provideZoneChangeDetection } from '@angular/core';
import { bootstrapApplication } from '@angular/platform-browser';
import { AppComponent } from './app/app.component';
import { appProviders } from './app/app.config';

/**
 * The same app with zone.js (loaded as a polyfill by the `zone` configuration): the client's
 * socket and timers run outside the Angular zone, its state changes re-enter it.
 */
bootstrapApplication(AppComponent, {
  providers: [provideZoneChangeDetection({ eventCoalescing: true }), ...appProviders]
}).catch((error: unknown) => console.error(error));
