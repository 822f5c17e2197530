/**
 * Whether something serves behind a published port. Docker's proxy accepts a connection on the
 * host port even while nothing listens inside (and then closes it), so a TCP connect says nothing:
 * it takes an answer. Any HTTP answer counts (a 404 too), and so does a reply that is not HTTP at
 * all (a database or Redis answering an HTTP request with its own error): the service is up.
 */
export async function portAnswers(url: string, timeoutMs = 3_000): Promise<boolean> {
  try {
    const res = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
    await res.body?.cancel();
    return true;
  } catch (err) {
    const code = (err as { cause?: { code?: unknown } }).cause?.code;
    return typeof code === 'string' && code.startsWith('HPE_'); // llhttp could not parse what came back
  }
}
