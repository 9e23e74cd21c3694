import { register } from 'node:module';
register('./ts-laster.mjs', import.meta.url);
