// The filter box: query conditions as the API takes them (`name~=zone%`,
// `cluster.zone.name=z1`, `state?=Enabled,Disabled`), completed from the query graph.
import { AutoComplete, Input } from 'antd';
import { useState } from 'react';
import { conditionsOf, suggest } from './filterCompletion';

interface Props {
  resource: string;
  onSearch: (conditions: string[]) => void;
}

export function QueryFilterBox({ resource, onSearch }: Props) {
  const [text, setText] = useState('');
  const options = suggest(resource, text).map((value) => ({ value }));
  return (
    <AutoComplete value={text} options={options} onChange={setText} style={{ width: 480 }} data-testid="query-filter">
      <Input.Search
        allowClear
        placeholder="conditions, e.g. name~=zone%  state=Enabled  (Tab-free: pick a field)"
        enterButton="Filter"
        onSearch={(v) => onSearch(conditionsOf(v))}
      />
    </AutoComplete>
  );
}
