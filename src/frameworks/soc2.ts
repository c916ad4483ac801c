import type { FrameworkDefinition } from './types.js';

/**
 * SOC 2: the AICPA Trust Services Criteria (2017) with the 2022 revised points of focus — the common criteria MSK
 * configuration is relevant to (titles and descriptions paraphrased).
 */
export const soc2: FrameworkDefinition = {
  id: 'soc2',
  name: 'SOC 2 Trust Services Criteria',
  version: '2017 (points of focus revised 2022)',
  label: 'SOC 2',
  requirements: [
    { id: 'CC6.1', title: 'Logical access security', description: 'Access to information assets is limited by access-control software, architecture and encryption, including of data at rest.' },
    { id: 'CC6.2', title: 'Identities are registered and authorised', description: 'Users and system identities are registered and approved before they receive credentials.' },
    { id: 'CC6.3', title: 'Role-based, least-privilege access', description: 'Access is granted, changed and removed according to roles, with the least privilege needed.' },
    { id: 'CC6.6', title: 'Boundary protection', description: 'Access from outside the system boundary is restricted and the exposed entry points are protected.' },
    { id: 'CC6.7', title: 'Data in transmission is protected', description: 'Data moving between systems and parties is limited to authorised ones and protected, e.g. encrypted in transit.' },
    { id: 'CC7.1', title: 'Configuration and vulnerability detection', description: 'Configuration changes and new vulnerabilities that weaken security are detected and tracked.' },
    { id: 'CC7.2', title: 'Monitoring for anomalies', description: 'System components are monitored for behaviour that may indicate attacks, errors or failures.' },
    { id: 'CC7.3', title: 'Security events are evaluated', description: 'Detected security events are analysed to decide whether they are incidents needing a response.' },
    { id: 'CC8.1', title: 'Change management', description: 'Changes to infrastructure, configuration and software are authorised, tested, approved and recorded.' },
  ],
};
