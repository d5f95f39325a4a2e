/**
 * What the shared server reads of an injected fault. Each emulator's fault type is a union of
 * kinds that fits it; `status` goes with the kinds `status` and `html`, `ms` with `delay`.
 */
export interface SandboxFault {
  kind: string;
  /** How many requests the fault serves; default 1. */
  times?: number;
  status?: number;
  ms?: number;
}

/** Queued faults; each is used for the next `times` requests it fits, first queued first. */
export class FaultQueue<F extends SandboxFault> {
  private queue: Array<{ fault: F; left: number }> = [];

  /** `check`: the emulator's own checks, run before the shared ones. */
  constructor(private readonly check: (fault: F) => void = () => undefined) {}

  /** Rejects faults that could not be sent, at injection time rather than mid-request. */
  add(fault: F): void {
    this.check(fault);
    checkSharedFields(fault);
    this.queue.push({ fault, left: fault.times ?? 1 });
  }

  /** Takes one use of the first queued fault that `fits`, if any. */
  take(fits: (fault: F) => boolean = () => true): F | undefined {
    const entry = this.queue.find(({ fault }) => fits(fault));
    if (!entry) return undefined;
    entry.left--;
    if (entry.left <= 0) this.queue = this.queue.filter((e) => e !== entry);
    return entry.fault;
  }

  clear(): void {
    this.queue = [];
  }
}

function checkSharedFields(fault: SandboxFault): void {
  const times = fault.times ?? 1;
  if (!(times === Infinity || (Number.isInteger(times) && times >= 1))) {
    throw new RangeError(`Fault times must be a positive integer or Infinity, got ${times}`);
  }
  if ((fault.kind === 'status' || fault.kind === 'html') && !isAnswerStatus(fault.status)) {
    throw new RangeError(`Fault status must be an integer from 200 to 599, got ${fault.status}`);
  }
  if (fault.kind === 'delay' && !(fault.ms !== undefined && Number.isFinite(fault.ms) && fault.ms >= 0)) {
    throw new RangeError(`Fault delay must be a non-negative number of ms, got ${fault.ms}`);
  }
}

function isAnswerStatus(status: number | undefined): boolean {
  return status !== undefined && Number.isInteger(status) && status >= 200 && status <= 599;
}
