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
  // Closed once the conditions are applied, until the operator types again.
  const [applied, setApplied] = useState(false);
  const options = suggest(resource, text).map((value) => ({ value }));
  return (
    <div data-testid="query-filter">
    <AutoComplete value={text} options={options} open={applied ? false : undefined} onChange={(v) => (setText(v), setApplied(false))} defaultActiveFirstOption={false} style={{ width: 480 }}>
      <Input.Search
        allowClear
        placeholder="conditions, e.g. name~=zone%  state=Enabled  (Tab-free: pick a field)"
        enterButton="Filter"
        onSearch={(v) => (setApplied(true), onSearch(conditionsOf(v)))}
      />
    </AutoComplete>
    </div>
  );
}
