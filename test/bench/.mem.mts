import { startServer, readStatusBytes } from './server-process.js';
const s = await startServer({ dbPath: '/work/main/data/bench/run.db', dir: '/work/main/data/bench', users: 2 });
console.log('ready rss MB', readStatusBytes(s.pid, 'VmRSS') / 2**20, 'hwm', readStatusBytes(s.pid, 'VmHWM') / 2**20);
await new Promise(r => setTimeout(r, 3000));
console.log('3s later rss MB', readStatusBytes(s.pid, 'VmRSS') / 2**20);
await s.stop();
