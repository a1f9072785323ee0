// One form field for one parameter of the contract: its input follows the type (a select
// for allowed values or a resource uuid, numbers, booleans, lists, JSON maps).
import { paramLimits, type ParamSpec } from '#contract';
import { Form, Input, InputNumber, Select } from 'antd';
import { familyOfUuidField } from '../api/families';
import { rulesOf } from './paramRules';
import { UuidPicker } from './UuidPicker';

function inputOf(p: ParamSpec) {
  const limits = paramLimits(p);
  if (p.values?.length) return <Select allowClear options={p.values.map((v) => ({ value: v, label: v }))} />;
  const list = p.type === 'List' || p.type === 'Set';
  const family = familyOfUuidField(p.name.replace(/Uuids$/, 'Uuid'));
  if (family && (p.type === 'String' || list)) return <UuidPicker family={family} multiple={list} />;
  if (list) return <Select mode="tags" open={false} suffixIcon={null} placeholder="type a value, Enter" />;
  if (p.type === 'Integer' || p.type === 'Long' || p.type === 'Float') return <InputNumber min={limits.min} max={limits.max} style={{ width: '100%' }} />;
  if (p.type === 'Boolean') return <Select allowClear options={[{ value: true, label: 'true' }, { value: false, label: 'false' }]} />;
  if (p.type === 'Map') return <Input.TextArea rows={3} placeholder='{"key": "value"}' />;
  if (/password/i.test(p.name)) return <Input.Password autoComplete="new-password" />;
  if (p.name === 'description' || p.name === 'script') return <Input.TextArea rows={3} />;
  return <Input />;
}

export function ParamField({ param }: { param: ParamSpec }) {
  return (
    <Form.Item name={param.name} label={param.name} tooltip={param.description} rules={rulesOf(param)} validateFirst>
      {inputOf(param)}
    </Form.Item>
  );
}
