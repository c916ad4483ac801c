import type { FrameworkDefinition } from './types.js';

/**
 * NIST SP 800-53 Revision 5: the controls and enhancements MSK configuration is relevant to. Titles are the
 * controls' names; descriptions are paraphrased.
 */
export const nist80053: FrameworkDefinition = {
  id: 'nist-800-53-r5',
  name: 'NIST SP 800-53',
  version: 'Revision 5',
  label: 'NIST SP 800-53 r5',
  requirements: [
    { id: 'AC-3', title: 'Access Enforcement', description: 'The system enforces the approved authorisations for logical access to its resources.' },
    { id: 'AC-4', title: 'Information Flow Enforcement', description: 'Information flows within and between systems are limited to those policy allows.' },
    { id: 'AC-6', title: 'Least Privilege', description: 'Users and processes get only the access their tasks require.' },
    { id: 'AU-2', title: 'Event Logging', description: 'The events to log are chosen and logged (e.g. MSK broker logs and CloudTrail management events).' },
    { id: 'AU-3', title: 'Content of Audit Records', description: 'Audit records say what happened, when, where, from which source, with what outcome and by whom.' },
    { id: 'AU-6', title: 'Audit Record Review, Analysis, and Reporting', description: 'Audit records are reviewed and analysed for signs of inappropriate activity, and findings reported.' },
    { id: 'AU-9', title: 'Protection of Audit Information', description: 'Audit records and logging tools are protected from unauthorised access, change and deletion.' },
    { id: 'AU-11', title: 'Audit Record Retention', description: 'Audit records are kept for as long as investigations and regulations need them.' },
    { id: 'AU-12', title: 'Audit Record Generation', description: 'The system components actually generate audit records for the chosen events.' },
    { id: 'CA-7', title: 'Continuous Monitoring', description: 'Security posture and controls are monitored on an ongoing basis, not only at assessment time.' },
    { id: 'CM-2', title: 'Baseline Configuration', description: 'A current, approved baseline configuration of each system is kept under configuration control.' },
    { id: 'CM-3', title: 'Configuration Change Control', description: 'Configuration changes are proposed, reviewed, approved, recorded and checked.' },
    { id: 'CM-6', title: 'Configuration Settings', description: 'Security-relevant settings are defined, applied, monitored and deviations from them approved.' },
    { id: 'CM-7', title: 'Least Functionality', description: 'Only the ports, protocols and services the mission needs are enabled.' },
    { id: 'CM-8', title: 'System Component Inventory', description: 'An accurate, current inventory of system components is kept.' },
    { id: 'IA-2', title: 'Identification and Authentication (Organizational Users)', description: 'Users are uniquely identified and authenticated before they get access.' },
    { id: 'IA-5', title: 'Authenticator Management', description: 'Passwords, keys, certificates and other authenticators are issued, protected and managed.' },
    { id: 'IA-9', title: 'Service Identification and Authentication', description: 'Services and applications identify and authenticate themselves before connecting.' },
    { id: 'SC-7', title: 'Boundary Protection', description: 'Traffic at the external boundary and key internal boundaries is monitored and controlled.' },
    { id: 'SC-7(5)', title: 'Boundary Protection | Deny by Default — Allow by Exception', description: 'Network traffic is denied unless explicitly allowed at managed interfaces.' },
    { id: 'SC-8', title: 'Transmission Confidentiality and Integrity', description: 'Information in transit is protected against disclosure and modification.' },
    { id: 'SC-8(1)', title: 'Transmission Confidentiality and Integrity | Cryptographic Protection', description: 'The protection of information in transit is provided by cryptography.' },
    { id: 'SC-12', title: 'Cryptographic Key Establishment and Management', description: 'Keys are generated, stored, rotated and destroyed under defined key-management rules.' },
    { id: 'SC-12(2)', title: 'Cryptographic Key Establishment and Management | Symmetric Keys', description: 'Symmetric keys are produced, controlled and distributed with approved technology and processes.' },
    { id: 'SC-13', title: 'Cryptographic Protection', description: 'The cryptography in use is of the types and strengths the organisation requires.' },
    { id: 'SC-23', title: 'Session Authenticity', description: 'Communication sessions are protected against hijacking, spoofing and replay.' },
    { id: 'SC-28(1)', title: 'Protection of Information at Rest | Cryptographic Protection', description: 'Stored information is protected by encryption.' },
    { id: 'SI-2', title: 'Flaw Remediation', description: 'Software flaws are found and fixed, and security updates are installed in time.' },
    { id: 'SI-4', title: 'System Monitoring', description: 'The system is watched for attacks, unauthorised use and other anomalies.' },
  ],
};
