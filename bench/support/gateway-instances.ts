/**
 * Child process for the gateway benchmark: N more Tỉnh số instances, each its own process (Node's cluster module),
 * sharing one listening port on the benchmark's PostgreSQL database (already migrated, seeded and set up by the
 * parent). The gateway is stateless by design (registry, quotas and the exchange log live in PostgreSQL), so it
 * scales by instances: this is how a province runs it on a machine of several cores or behind a load balancer.
 * The cluster's primary hands each accepted connection to the next worker in turn; autocannon keeps its connections,
 * so they are spread evenly once and stay.
 * Prints the shared port as one line once every worker listens. On an IPC message 'cpu' it answers with the workers'
 * CPU time so far (µs, user + system, summed); on SIGTERM the workers close and the process exits.
 */
import cluster from 'node:cluster';
import { startBenchInstance } from './instance.js';

const instances = Math.max(1, Number(process.env.BENCH_GATEWAY_INSTANCES ?? 2));

if (cluster.isPrimary) {
  const cpu = new Map<number, number>();
  let listening = 0;
  for (let i = 0; i < instances; i++) cluster.fork();
  // Port 0 in every worker (startBenchInstance): the cluster gives them one shared port.
  cluster.on('listening', (_w, address) => {
    if (++listening === instances) console.log(address.port);
  });
  cluster.on('message', (w, msg: { cpu?: number }) => {
    if (typeof msg.cpu === 'number') {
      cpu.set(w.id, msg.cpu);
      if (cpu.size === instances) {
        process.send?.({ cpu: [...cpu.values()].reduce((a, b) => a + b, 0) });
        cpu.clear();
      }
    }
  });
  process.on('message', (msg) => {
    if (msg === 'cpu') for (const w of Object.values(cluster.workers ?? {})) w?.send('cpu');
  });
  process.on('SIGTERM', () => {
    for (const w of Object.values(cluster.workers ?? {})) w?.send('close');
    let left = instances;
    cluster.on('exit', () => --left || process.exit(0));
  });
} else {
  const instance = await startBenchInstance();
  process.on('message', (msg) => {
    if (msg === 'cpu') {
      const u = process.cpuUsage();
      process.send?.({ cpu: u.user + u.system });
    } else if (msg === 'close') void instance.close().then(() => process.exit(0));
  });
}
