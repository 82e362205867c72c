import { provideZonelessChangeDetection } from '@angular/core';
import { bootstrapApplication } from '@angular/platform-browser';
import { AppComponent } from './app/app.component';
import { appProviders } from './app/app.config';

/** The app without zone.js: signals (and the `async` pipe, which marks its view) schedule rendering. */
bootstrapApplication(AppComponent, {
  providers: [provideZonelessChangeDetection(), ...appProviders]
}).catch((error: unknown) => console.error(error));
