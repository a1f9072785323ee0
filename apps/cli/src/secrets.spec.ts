import { apiByName } from '#contract';
import { describe, expect, it } from 'vitest';
import { isSecretParameter, maskLine, redact, secretValues, typedSecrets } from './secrets.js';

describe('which parameters are secret', () => {
  it('finds the contract\'s password parameters by name, in any API, known or not', () => {
    const secretParams = (name: string) => apiByName(name)!.params.filter((p) => isSecretParameter(apiByName(name), p.name)).map((p) => p.name);
    expect(secretParams('AddKVMHost')).toEqual(['password']);
    expect(secretParams('LogInByAccount')).toEqual(['password']);
    expect(isSecretParameter(undefined, 'sshPassword')).toBe(true);
    expect(isSecretParameter(undefined, 'chapUserPassword')).toBe(true);
    expect(isSecretParameter(undefined, 'accessKeySecret')).toBe(true);
    expect(isSecretParameter(undefined, 'chapUserName')).toBe(false);
    expect(isSecretParameter(apiByName('AddKVMHost'), 'username')).toBe(false);
  });

  it('follows a secret flag on the parameter when the contract has one', () => {
    const api = { ...apiByName('CreateZone')!, params: [{ name: 'description', type: 'String', in: 'body.params', required: false, secret: true }, { name: 'password', type: 'String', in: 'body.params', required: false, secret: false }] };
    expect(isSecretParameter(api as never, 'description')).toBe(true);
    expect(isSecretParameter(api as never, 'password')).toBe(false);
  });
});

describe('masking a command line', () => {
  it('blanks secret values as ZStack\'s CLI does, leaving the rest as typed', () => {
    expect(maskLine('AddKVMHost name=h1 username=root password=s3cret managementIp=10.0.0.2')).toBe('AddKVMHost name=h1 username=root password= managementIp=10.0.0.2');
    expect(maskLine('LogInByAccount accountName=admin password=password', '******')).toBe('LogInByAccount accountName=admin password=******');
  });

  it('takes a quoted value whole, and an open quote to the end of the line', () => {
    expect(maskLine('AddKVMHost password="two words" name=h')).toBe('AddKVMHost password= name=h');
    expect(maskLine("AddKVMHost name=h password='it''s' x=1")).toBe('AddKVMHost name=h password= x=1');
    expect(maskLine('AddKVMHost name=h password="never closed name=x')).toBe('AddKVMHost name=h password=');
  });

  it('hides a password typed after a space too, in the history and in the usage error', () => {
    expect(maskLine('AddKVMHost password= s3cret-word name=h')).toBe('AddKVMHost password=  name=h');
    expect(maskLine('AddKVMHost password= s3cret-word name=h', '******')).toBe('AddKVMHost password=****** ****** name=h');
    expect(typedSecrets('AddKVMHost password= s3cret-word name=h')).toEqual(['s3cret-word']);
    expect(typedSecrets('AddKVMHost password="a b" name=h')).toEqual(['a b']);
  });

  it('leaves lines without secrets alone, and masks in mistyped APIs too', () => {
    expect(maskLine('QueryZone name=password')).toBe('QueryZone name=password');
    expect(maskLine('AddKVMHots sshPassword=x')).toBe('AddKVMHots sshPassword=');
  });

  it('finds the secret values of a command and keeps them off printed text', () => {
    const values = secretValues('AddKVMHost', [{ key: 'name', value: 'h' }, { key: 'password', value: 'pw-1' }]);
    expect(values).toEqual(['pw-1']);
    expect(redact('{"details": "login as root with pw-1 failed"}', values)).toBe('{"details": "login as root with ****** failed"}');
    expect(redact('a b c', ['b'])).toBe('a b c');
  });
});
