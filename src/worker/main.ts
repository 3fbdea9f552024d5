/** The worker entry: build the machine and expose it to the page. */
import { expose } from 'comlink';
import { Machine } from './machine';

expose(new Machine());
