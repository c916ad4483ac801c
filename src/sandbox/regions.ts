/** The default region catalogue of the aws partition: the 17 regions enabled by default, then opt-in regions. */
export const DEFAULT_REGIONS: readonly string[] = [
  'us-east-1', 'us-east-2', 'us-west-1', 'us-west-2',
  'ca-central-1', 'sa-east-1',
  'eu-west-1', 'eu-west-2', 'eu-west-3', 'eu-central-1', 'eu-north-1',
  'ap-south-1', 'ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3', 'ap-southeast-1', 'ap-southeast-2',
];

export const OPT_IN_REGIONS: readonly string[] = [
  'af-south-1', 'ap-east-1', 'ap-south-2', 'ap-southeast-3', 'ap-southeast-4', 'ca-west-1',
  'eu-central-2', 'eu-south-1', 'eu-south-2', 'il-central-1', 'me-central-1', 'me-south-1',
];

export interface RegionInfo {
  name: string;
  optIn: boolean;
}

export function defaultCatalogue(): RegionInfo[] {
  return [...DEFAULT_REGIONS.map((name) => ({ name, optIn: false })), ...OPT_IN_REGIONS.map((name) => ({ name, optIn: true }))];
}
