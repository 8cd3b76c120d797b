import { spawnSync } from 'node:child_process';

/**
 * Brokers in their own network namespaces on one Linux bridge, so a test can cut one broker off
 * from its peers and the controllers with iptables while clients in the root namespace still
 * reach it (Jepsen's "partition between DB nodes", not client↔leader). Needs root, `ip netns`
 * and iptables; `probe()` says why not when they are missing, and the test skips with it.
 *
 * Layout: a bridge in namespace `<tag>h`, joined by the root namespace as 10.<subnet>.254 (the
 * controllers listen there, clients connect from there) and by namespace `<tag>n<i>` holding
 * broker i at 10.<subnet>.<i>.
 * Names and subnet carry the test process's pid so parallel runs do not collide.
 */
export class NetnsLab {
  readonly tag: string;
  readonly subnet: string;
  private created: number[] = [];
  private hubUp = false;

  constructor(readonly size: number) {
    this.tag = `fo${process.pid % 100_000}`;
    this.subnet = `10.${180 + (process.pid % 70)}.${(process.pid >> 8) % 250}`;
  }

  /** null when namespaces can be used here, else the reason they cannot. */
  static probe(): string | null {
    if (process.getuid?.() !== 0) return `not root (id -u = ${process.getuid?.()}): network namespaces and iptables need root`;
    const name = `foprobe${process.pid % 100_000}`;
    const add = spawnSync('ip', ['netns', 'add', name], { encoding: 'utf8' });
    if (add.status !== 0) return `ip netns add failed: ${(add.stderr || add.error?.message || '').trim()}`;
    const ipt = spawnSync('ip', ['netns', 'exec', name, 'iptables', '-L', 'INPUT', '-n'], { encoding: 'utf8' });
    spawnSync('ip', ['netns', 'del', name]);
    if (ipt.status !== 0) return `iptables in a namespace failed: ${(ipt.stderr || ipt.error?.message || '').trim()}`;
    return null;
  }

  get hub(): string {
    return `${this.tag}h`;
  }

  get bridgeIp(): string {
    return `${this.subnet}.254`;
  }

  ip(i: number): string {
    return `${this.subnet}.${i}`;
  }

  ns(i: number): string {
    return `${this.tag}n${i}`;
  }

  /** The prefix that runs a command inside namespace i. */
  prefix(i: number): string[] {
    return ['ip', 'netns', 'exec', this.ns(i)];
  }

  /**
   * The bridge lives in a hub namespace of its own: in the root namespace, bridged frames would
   * go through its iptables FORWARD chain (br_netfilter), whose policy is DROP where Docker runs.
   * The root namespace joins the bridge through one veth pair, with the bridge address.
   */
  setUp(): void {
    const hub = ['ip', 'netns', 'exec', this.hub];
    run(['ip', 'netns', 'add', this.hub]);
    this.hubUp = true;
    run([...hub, 'ip', 'link', 'add', 'br0', 'type', 'bridge']);
    run([...hub, 'ip', 'link', 'set', 'br0', 'up']);
    const rootLink = `${this.tag}r`;
    run(['ip', 'link', 'add', rootLink, 'type', 'veth', 'peer', 'name', 'uplink', 'netns', this.hub]);
    run(['ip', 'addr', 'add', `${this.bridgeIp}/24`, 'dev', rootLink]);
    run(['ip', 'link', 'set', rootLink, 'up']);
    run([...hub, 'ip', 'link', 'set', 'uplink', 'master', 'br0', 'up']);
    for (let i = 1; i <= this.size; i++) {
      run(['ip', 'netns', 'add', this.ns(i)]);
      this.created.push(i);
      const veth = `${this.tag}v${i}`;
      run(['ip', 'link', 'add', veth, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', this.ns(i)]);
      run(['ip', 'link', 'set', veth, 'netns', this.hub]);
      run([...hub, 'ip', 'link', 'set', veth, 'master', 'br0', 'up']);
      run([...this.prefix(i), 'ip', 'addr', 'add', `${this.ip(i)}/24`, 'dev', 'eth0']);
      run([...this.prefix(i), 'ip', 'link', 'set', 'eth0', 'up']);
      run([...this.prefix(i), 'ip', 'link', 'set', 'lo', 'up']);
    }
  }

  /**
   * Cuts namespace i off from the other brokers and from the controllers' ports on the bridge
   * address, both ways, established connections included; its listener stays reachable from the
   * root namespace (clients connect from the bridge address to the broker's port).
   */
  isolate(i: number, controllerPorts: readonly number[]): void {
    const ipt = (...args: string[]) => run([...this.prefix(i), 'iptables', ...args]);
    for (let j = 1; j <= this.size; j++) {
      if (j === i) continue;
      ipt('-A', 'INPUT', '-s', this.ip(j), '-j', 'DROP');
      ipt('-A', 'OUTPUT', '-d', this.ip(j), '-j', 'DROP');
    }
    const ports = controllerPorts.join(',');
    ipt('-A', 'OUTPUT', '-p', 'tcp', '-d', this.bridgeIp, '-m', 'multiport', '--dports', ports, '-j', 'DROP');
    ipt('-A', 'INPUT', '-p', 'tcp', '-s', this.bridgeIp, '-m', 'multiport', '--sports', ports, '-j', 'DROP');
  }

  heal(i: number): void {
    run([...this.prefix(i), 'iptables', '-F']);
  }

  /** Can a process in namespace i open a TCP connection to host:port? (bash's /dev/tcp, 2 s) */
  canConnect(i: number, host: string, port: number): boolean {
    return spawnSync(this.prefix(i)[0]!, [...this.prefix(i).slice(1), 'timeout', '2', 'bash', '-c', `exec 3<>/dev/tcp/${host}/${port}`]).status === 0;
  }

  tearDown(): void {
    for (const i of this.created) spawnSync('ip', ['netns', 'del', this.ns(i)]);
    this.created = [];
    // Deleting the hub removes the bridge and every veth end in it (and so their peers).
    if (this.hubUp) spawnSync('ip', ['netns', 'del', this.hub]);
    this.hubUp = false;
  }
}

function run(argv: string[]): void {
  const r = spawnSync(argv[0]!, argv.slice(1), { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${argv.join(' ')} failed: ${(r.stderr || r.error?.message || '').trim()}`);
}
