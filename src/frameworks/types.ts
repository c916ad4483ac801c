import { FRAMEWORK_IDS, type FrameworkId } from '../check/index.js';

/** The AWS Foundational Security Best Practices view: derived from each check's `securityHubControl`. */
export const AWS_FSBP = 'aws-fsbp';

/** Every framework msk-audit has a definition for: the checks' `frameworks` ids, then the Security Hub view. */
export const SUPPORTED_FRAMEWORK_IDS = Object.freeze([...FRAMEWORK_IDS, AWS_FSBP] as const);
export type SupportedFrameworkId = FrameworkId | typeof AWS_FSBP;

export function isSupportedFrameworkId(value: string): value is SupportedFrameworkId {
  return (SUPPORTED_FRAMEWORK_IDS as readonly string[]).includes(value);
}

/**
 * One requirement (or control) of a framework that MSK configuration can give evidence for. The title and the
 * description are msk-audit's own short paraphrase, never the standard's text: read the standard for its
 * wording. Which checks give evidence for a requirement is not written here — it is derived from the checks'
 * `meta.frameworks` (and `meta.securityHubControl`), the single source of that mapping.
 */
export interface RequirementDefinition {
  id: string;
  title: string;
  /** One line, in msk-audit's own words. */
  description: string;
}

export interface FrameworkDefinition {
  id: SupportedFrameworkId;
  /** The framework's name, e.g. "PCI DSS". */
  name: string;
  /** The version the requirement ids refer to, e.g. "4.0.1". */
  version: string;
  /** Name and version as one short label, used to qualify requirement ids, e.g. "PCI DSS v4.0.1". */
  label: string;
  /**
   * Only requirements relevant to MSK, in the framework's own order — not the whole standard: those the checks
   * map to, and closely related ones no check gives automated evidence for (yet). Which is which is derived
   * from the checks that run (`requirementsFor`): a requirement no check maps to is reported as having no
   * automated evidence.
   */
  requirements: readonly RequirementDefinition[];
}
