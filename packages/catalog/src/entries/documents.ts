// 宣布失效 / 废止: a document is never deleted; a revocation event against its id feeds the
// 失效文件清单 and the document's 有效性 attribute (有效 / 失效 / 废止).
import { z } from 'zod';
import { defineEvent } from '../define.ts';
import { authorityRef, date, documentNumber, idPart, labelledEnum, region, text } from '../fields.ts';
import { AGENCY_ROLES } from '../vocabulary.ts';
import { ogi26, once } from './shared.ts';

export const DocumentRevoked = defineEvent({
  type: 'DocumentRevoked',
  schemaVersion: 1,
  title: { zh: '文件宣布失效或废止', en: 'Document revoked' },
  domain: 'documents',
  category: 'documents',
  item: { zh: '失效、废止文件', en: 'Revoked and repealed documents' },
  stream: { kind: 'document', idField: 'documentId' },
  payload: z.strictObject({
    documentId: idPart('文件编号', '发布机关的文件索引号（ASCII），如 014164935-2019-0012'),
    region: region('发布机关所在行政区划代码'),
    documentTitle: text('文件名称', { max: 300 }),
    documentNumber: documentNumber('文号'),
    issuingAuthority: authorityRef('发布机关'),
    issuedDate: date('发布日期').optional(),
    action: labelledEnum('处理方式', { invalidated: '宣布失效', repealed: '废止' }),
    decidingAuthority: authorityRef('决定机关'),
    decisionNumber: documentNumber('决定文号'),
    decisionDate: date('决定日期'),
    effectiveDate: date('失效（废止）生效日期'),
    reason: labelledEnum('原因', {
      'inconsistent-with-law': '与现行法律法规不一致',
      superseded: '已被新规定涵盖或替代',
      'object-gone': '调整对象已消失',
      'task-completed': '工作任务已完成或者适用期已过',
      other: '其他',
    }),
    reasonDetail: text('原因说明', { max: 1000 }).optional(),
  }),
  roles: AGENCY_ROLES,
  audience: 'public',
  formedDateField: 'decisionDate',
  deadlines: [ogi26('decisionDate')],
  lifecycle: [once('DOCUMENT-REVOKED-ONCE', '该文件已宣布失效或废止', 'this document is already revoked')],
  region: { regionField: 'region' },
  recordKey: { prefix: 'revocation', fields: [] },
});

export const documentEntries = [DocumentRevoked] as const;
