import type { FrameworkDefinition } from './types.js';

/** ISO/IEC 27001:2022 Annex A: the controls MSK configuration is relevant to (titles are the controls' names). */
export const iso27001: FrameworkDefinition = {
  id: 'iso-27001-2022',
  name: 'ISO/IEC 27001 Annex A',
  version: '2022',
  label: 'ISO/IEC 27001:2022',
  requirements: [
    { id: '5.15', title: 'Access control', description: 'Rules decide who and what may access information and systems, based on business and security needs.' },
    { id: '5.17', title: 'Authentication information', description: 'Passwords, keys and other authentication secrets are allocated and handled securely.' },
    { id: '8.3', title: 'Information access restriction', description: 'Access to information and systems is limited according to the access-control rules.' },
    { id: '8.5', title: 'Secure authentication', description: 'Authentication technologies and procedures match how sensitive the accessed resources are.' },
    { id: '8.8', title: 'Management of technical vulnerabilities', description: 'Known technical vulnerabilities are tracked, assessed and fixed in time.' },
    { id: '8.9', title: 'Configuration management', description: 'Security-relevant configurations are defined, recorded, monitored and reviewed.' },
    { id: '8.15', title: 'Logging', description: 'Logs of activity, exceptions and faults are produced, kept, protected and analysed.' },
    { id: '8.16', title: 'Monitoring activities', description: 'Networks, systems and applications are monitored for anomalous behaviour.' },
    { id: '8.20', title: 'Networks security', description: 'Networks and network devices are secured and managed to protect the information they carry.' },
    { id: '8.22', title: 'Segregation of networks', description: 'Groups of services, users and systems are kept on separate networks.' },
    { id: '8.24', title: 'Use of cryptography', description: 'Cryptography, including key management, is used effectively according to defined rules.' },
    { id: '8.32', title: 'Change management', description: 'Changes to information processing facilities and systems go through change management.' },
  ],
};
