import { Writable } from 'node:stream'

/** A pino destination that keeps every log line, parsed. */
export class LogCapture extends Writable {
  readonly lines: Record<string, unknown>[] = []

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) this.lines.push(JSON.parse(line))
    done()
  }

  /** The lines logged while serving the request with this id. */
  forRequest(requestId: string): Record<string, unknown>[] {
    return this.lines.filter((line) => line.reqId === requestId)
  }
}
