// Picks the uuid of a resource a parameter names (`zoneUuid`, `hostUuids`) from its family's
// table, by name; a uuid may also be typed, for resources the list does not show.
import { Select } from 'antd';
import { useEffect, useState } from 'react';
import { query } from '../api/client';
import type { Family } from '../api/families';

interface Props {
  family: Family;
  multiple?: boolean;
  value?: string | string[];
  onChange?: (v: string | string[]) => void;
  id?: string;
}

export function UuidPicker({ family, multiple, value, onChange, id }: Props) {
  const [options, setOptions] = useState<{ value: string; label: string }[]>([]);
  useEffect(() => {
    query(family.query, { limit: 200, sort: '-createDate' })
      .then((page) => setOptions(page.inventories.map((i) => ({ value: i.uuid, label: `${i.name ?? i.uuid} (${i.uuid})` }))))
      .catch(() => setOptions([]));
  }, [family]);
  return (
    <Select
      id={id}
      mode={multiple ? 'tags' : undefined}
      showSearch={{ optionFilterProp: 'label' }}
      allowClear
      value={value}
      onChange={onChange}
      options={options}
      placeholder={`a ${family.resource.name}`}
    />
  );
}
