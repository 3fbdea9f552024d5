/**
 * The real-kernel worker's entry (started only when the page asks for the
 * real kernel): one v86 machine, exposed to the page with Comlink.
 */
import { expose } from 'comlink';
import { RealKernel } from './real-kernel';

expose(new RealKernel());
