import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, openSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from './app-processes';

/**
 * A Kafka broker of the test's own (same jars as the stack), so a fault test can stop and restart
 * it without disturbing anyone else's broker.
 */
export class PrivateKafka {
  private child: ChildProcess | null = null;
  readonly dir = mkdtempSync(path.join(tmpdir(), 'hilfenetz-kafka-'));

  private constructor(
    readonly port: number,
    private readonly controllerPort: number,
  ) {}

  static async create(): Promise<PrivateKafka> {
    const k = new PrivateKafka(await freePort(), await freePort());
    k.format();
    await k.start();
    return k;
  }

  get brokers(): string[] {
    return [`127.0.0.1:${this.port}`];
  }

  private jvm(): string[] {
    const cp = process.env.HILFENETZ_KAFKA_CLASSPATH;
    if (!cp) throw new Error('HILFENETZ_KAFKA_CLASSPATH is not set: run the tests through `npm test`');
    return [
      '-Xmx384m',
      '-XX:+UseSerialGC',
      `-Dlog4j2.configurationFile=${process.env.HILFENETZ_KAFKA_LOG4J ?? ''}`,
      '-cp',
      cp,
    ];
  }

  private get props(): string {
    return path.join(this.dir, 'server.properties');
  }

  private format(): void {
    writeFileSync(
      this.props,
      [
        'process.roles=broker,controller',
        'node.id=1',
        `listeners=PLAINTEXT://127.0.0.1:${this.port},CONTROLLER://127.0.0.1:${this.controllerPort}`,
        `advertised.listeners=PLAINTEXT://127.0.0.1:${this.port}`,
        'controller.listener.names=CONTROLLER',
        'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
        `controller.quorum.bootstrap.servers=127.0.0.1:${this.controllerPort}`,
        `log.dirs=${path.join(this.dir, 'data')}`,
        'offsets.topic.replication.factor=1',
        'offsets.topic.num.partitions=1',
        'transaction.state.log.replication.factor=1',
        'transaction.state.log.min.isr=1',
        'share.coordinator.state.topic.replication.factor=1',
        'share.coordinator.state.topic.min.isr=1',
        'group.initial.rebalance.delay.ms=0',
        'auto.create.topics.enable=false',
        '',
      ].join('\n'),
    );
    const id = spawnSync('java', [...this.jvm(), 'kafka.tools.StorageTool', 'random-uuid'], { encoding: 'utf8' });
    const clusterId = id.stdout.trim().split('\n').pop() ?? '';
    const f = spawnSync(
      'java',
      [...this.jvm(), 'kafka.tools.StorageTool', 'format', '-t', clusterId, '-c', this.props, '--standalone'],
      {
        encoding: 'utf8',
      },
    );
    if (f.status !== 0) throw new Error(`kafka format failed: ${f.stderr}`);
  }

  async start(): Promise<void> {
    const out = openSync(path.join(this.dir, 'broker.log'), 'a');
    this.child = spawn('java', [...this.jvm(), 'kafka.Kafka', this.props], { stdio: ['ignore', out, out] });
    const deadline = Date.now() + 90_000;
    while (Date.now() < deadline) {
      if (await portOpen(this.port)) return;
      if (this.child.exitCode !== null) throw new Error(`private kafka exited; see ${this.dir}/broker.log`);
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(`private kafka did not start; see ${this.dir}/broker.log`);
  }

  /** A clean shutdown, like an operator stopping the broker; the data stays for the restart. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    child.kill('SIGTERM');
    const t = setTimeout(() => child.kill('SIGKILL'), 30_000);
    await exited;
    clearTimeout(t);
    this.child = null;
  }
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ port, host: '127.0.0.1' });
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}
