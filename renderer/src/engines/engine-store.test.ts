import { describe, expect, it } from 'vitest';
import { engineSpecOf, kubeSpecOf } from './engine-store.js';

const form = { name: 'box', host: '', identityFile: '', ca: '', cert: '', key: '' };

describe('the add-engine form', () => {
  it('makes an ssh:// engine with its key, a tcp:// one with all three TLS files or none', () => {
    expect(engineSpecOf({ ...form, host: 'ssh://me@box', identityFile: '/k' })).toEqual({ ok: true, spec: { host: 'ssh://me@box', ssh: { identity_file: '/k' } } });
    expect(engineSpecOf({ ...form, host: 'tcp://box:2375' })).toEqual({ ok: true, spec: { host: 'tcp://box:2375' } });
    expect(engineSpecOf({ ...form, host: 'tcp://box:2376', ca: '/ca', cert: '/c', key: '/k' })).toEqual({ ok: true, spec: { host: 'tcp://box:2376', tls: { ca: '/ca', cert: '/c', key: '/k' } } });
    expect(engineSpecOf({ ...form, host: 'tcp://box:2376', ca: '/ca' })).toEqual({ ok: false, message: expect.stringContaining('all three') });
    expect(engineSpecOf({ ...form, host: 'box:2375' })).toEqual({ ok: false, message: expect.stringContaining('ssh://user@host') });
    expect(engineSpecOf({ ...form, name: ' ', host: 'ssh://x' })).toEqual({ ok: false, message: 'Give the engine a name.' });
  });
});

describe('the add-cluster form', () => {
  const kube = { name: 'team', kubeconfig: '/home/me/.kube/config', namespace: '', registry: '', pvc: '' };
  it('makes a Kubernetes engine of a kubeconfig, leaving out what is empty, and asks for what is missing', () => {
    expect(kubeSpecOf(kube)).toEqual({ ok: true, spec: { kubeconfig: '/home/me/.kube/config' } });
    expect(kubeSpecOf({ ...kube, namespace: 'ml', registry: 'registry.example.org/team', pvc: 'userdir' })).toEqual({ ok: true, spec: { kubeconfig: '/home/me/.kube/config', namespace: 'ml', registry: 'registry.example.org/team', pvc: 'userdir' } });
    expect(kubeSpecOf({ ...kube, kubeconfig: ' ' })).toEqual({ ok: false, message: expect.stringContaining('kubeconfig file') });
  });
});
