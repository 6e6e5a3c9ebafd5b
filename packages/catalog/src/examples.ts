// The body of GET /v1/catalog/examples: HTTP requests that, posted in order to an EMPTY ledger by
// an agency holding every role for 320500 (苏州市), are all accepted and together use every event
// type. They tell one coherent Suzhou story: a government-investment road project from 赋码 to
// 竣工决算, its tenders, a land expropriation batch, penalties, every allocation kind, a revoked
// document, a correction and a retraction.
//
// Organisations and people are fictional; their 统一社会信用代码 and 身份证号码 are built with the
// real check-character algorithms so they validate.
import { latestSchemaVersion } from './catalog.ts';
import { makeCreditCode, makeResidentId } from './identifiers.ts';

export interface ExampleEvent {
  eventId: string;
  type: string;
  schemaVersion: number;
  payload: Record<string, unknown>;
}

export type ExampleExpectedVersion = number | 'any' | 'no_stream' | 'stream_exists';

export interface StreamAppendBody {
  events: ExampleEvent[];
}

export interface BatchAppendBody {
  items: Array<{ streamId: string; expectedVersion?: ExampleExpectedVersion; events: ExampleEvent[] }>;
}

export interface ExampleItem {
  title: string;
  method: 'POST';
  path: string;
  body: StreamAppendBody | BatchAppendBody;
}

export interface CatalogExamples {
  agency: { roles: 'all'; regions: string[] };
  items: ExampleItem[];
}

// ---------------------------------------------------------------------------
// Deterministic UUID v7: 48-bit Unix ms timestamp (fixed base + counter), version 7, variant 10.

const EXAMPLE_EPOCH_MS = Date.UTC(2025, 5, 1); // 2025-06-01T00:00:00Z

export function exampleUuidV7(sequence: number): string {
  const ts = (EXAMPLE_EPOCH_MS + sequence).toString(16).padStart(12, '0');
  const randA = (sequence & 0xfff).toString(16).padStart(3, '0');
  const randB1 = ((sequence >>> 12) & 0xfff).toString(16).padStart(3, '0');
  const randB2 = `6b61${(sequence >>> 0).toString(16).padStart(8, '0')}`; // "ka" + counter
  return `${ts.slice(0, 8)}-${ts.slice(8, 12)}-7${randA}-8${randB1}-${randB2}`;
}

// ---------------------------------------------------------------------------
// Builder

class Examples {
  readonly items: ExampleItem[] = [];
  private sequence = 0;
  private readonly versions = new Map<string, number>();

  event(type: string, payload: Record<string, unknown>): ExampleEvent {
    const schemaVersion = latestSchemaVersion(type);
    if (schemaVersion === undefined) throw new Error(`examples: unknown event type ${type}`);
    return { eventId: exampleUuidV7(++this.sequence), type, schemaVersion, payload };
  }

  /** POST /v1/streams/{streamId}/events */
  post(title: string, streamId: string, events: ExampleEvent[]): ExampleEvent[] {
    this.items.push({ title, method: 'POST', path: `/v1/streams/${encodeURIComponent(streamId)}/events`, body: { events } });
    this.versions.set(streamId, (this.versions.get(streamId) ?? 0) + events.length);
    return events;
  }

  /** POST /v1/events with an exact expectedVersion per stream (no_stream for a new one). */
  batch(title: string, items: Array<{ streamId: string; events: ExampleEvent[] }>): void {
    const bodyItems = items.map(({ streamId, events }) => {
      const version = this.versions.get(streamId) ?? 0;
      this.versions.set(streamId, version + events.length);
      return { streamId, expectedVersion: version === 0 ? ('no_stream' as const) : version, events };
    });
    this.items.push({ title, method: 'POST', path: '/v1/events', body: { items: bodyItems } });
  }
}

// ---------------------------------------------------------------------------
// Cast (fictional)

const org = (name: string, first17: string) => ({ name, creditCode: makeCreditCode(first17) });
const withContact = (o: { name: string; creditCode: string }, address: string, contactPerson: string, phone: string) => ({
  ...o,
  address,
  contactPerson,
  phone,
});

const projectUnit = org('苏州春申湖建设发展有限公司', '91320507MA1WDL8K4');
const contractor = org('江苏吴韵路桥工程有限公司', '91320500MA1N6R2T5');
const runnerUp = org('苏州澄阳市政工程有限公司', '91320507MA1PX3C68');
const third = org('昆山鹿城建设工程有限公司', '91320583MA1Q2B7L0');
const tenderAgent = org('苏州金鸡湖招标代理有限公司', '91320594MA1M7G3H2');
const supervisor = org('苏州古城工程监理有限公司', '91320508MA1R5E9K1');
const designer = org('苏州市政示范设计研究院有限责任公司', '91320500MA1T4N8B6');
const reviewAgency = org('苏州方正施工图审查有限公司', '91320500MA1U3K6D9');
const auditFirm = org('苏州诚信会计师事务所（普通合伙）', '91320500MA1W2F5G7');
const itSupplier = org('苏州智汇信息技术有限公司', '91320594MA1X8H3J5');
const itLoser = org('无锡锡科软件有限公司', '91320200MA1Y7D4L3');
const soleSupplier = org('苏州吴越软件有限公司', '91320505MA25FG8H9');
const developer = org('苏州吴中置业有限公司', '91320506MA20AB3C4');
const quarry = org('苏州金山石材有限公司', '91320506MA21BC4D5');
const soeTransferor = org('苏州市澄湖资产经营有限公司', '91320500MA22CD5E6');
const soeTarget = org('苏州澄湖物业服务有限公司', '91320505MA23DE6F7');
const soeTransferee = org('苏州园林物业管理有限公司', '91320508MA24EF7G8');
const exchange = org('苏州产权交易中心', '12320500466012345');
const enterprise = org('苏州工业园区星湖智能装备有限公司', '91320594MA26GH9J1');

const authority = (name: string) => ({ name });
const DRC = authority('苏州市发展和改革委员会');
const NRP = authority('苏州市自然资源和规划局');
const HC = authority('苏州市住房和城乡建设局');
const EE = authority('苏州市生态环境局');
const WATER = authority('苏州市水务局');
const FIN = authority('苏州市财政局');
const WUZHONG = authority('苏州市吴中区人民政府');

const id = (first17: string) => makeResidentId(first17);

// ---------------------------------------------------------------------------
// The story

const PROJECT = '2019-320500-48-01-512345';
const PROJECT_NAME = '苏州市春申湖路快速化改造工程';
const ENTERPRISE_PROJECT = '2023-320571-34-03-004217';
const TENDER = 'E3205000501001234001';
const TENDER_SUPERVISION = 'E3205000501001234002';
const BATCH = '320506-2019-007';

function build(): Examples {
  const x = new Examples();
  const projectStream = `project-${PROJECT}`;
  const projectRef = { projectCode: PROJECT, projectName: PROJECT_NAME };

  // --- 批准服务: the guide the approvals follow -----------------------------------------
  x.post('办事指南：政府投资项目可行性研究报告审批', 'guide-320500-JSXM-FG-0003', [
    x.event('ServiceGuidePublished', {
      itemCode: '320500-JSXM-FG-0003',
      itemName: '政府投资项目可行性研究报告审批',
      approvalKind: 'feasibility-study',
      region: '320500',
      handlingAuthority: DRC,
      basis: ['《政府投资条例》第九条', '《江苏省政府投资管理办法》'],
      requirements: '项目单位通过江苏省投资项目在线审批监管平台提出申请，项目已列入年度政府投资计划。',
      materials: ['项目可行性研究报告审批申请文件', '可行性研究报告（含电子文档）', '项目建议书批复文件', '用地预审与选址意见书', '社会稳定风险评估报告'],
      procedure: '网上申报 → 受理 → 委托评估（专家评审） → 审查 → 批复。',
      statutoryTimeLimit: '20个工作日（不含评估时间）',
      promisedTimeLimit: '10个工作日',
      fees: '不收费',
      acceptingContact: { name: '苏州市政务服务中心发改窗口', phone: '0512-68889111', address: '苏州市姑苏区三香路998号' },
      supervisionContact: { name: '苏州市12345便民服务热线', phone: '12345' },
      onlineUrl: 'https://tzxm.jiangsu.gov.cn/',
      effectiveDate: '2019-01-02',
    }),
  ]);

  // --- 项目赋码 and the processing of the feasibility study -----------------------------
  x.post('项目赋码：苏州市春申湖路快速化改造工程', projectStream, [
    x.event('ProjectRegistered', {
      ...projectRef,
      projectUnit,
      location: '苏州市相城区、吴中区，春申湖路（苏虞张公路至娄江快速路段）',
      region: '320507',
      industry: '城市道路交通设施',
      investmentType: 'government',
      totalInvestment: 4_862_000_000,
      fundingSources: [
        { source: '市级财政资金', amount: 2_431_000_000 },
        { source: '区级财政资金', amount: 1_458_600_000 },
        { source: '地方政府专项债券', amount: 972_400_000 },
      ],
      scaleAndContent: '改造道路全长约10.6公里，主线采用高架快速路形式，双向六车道，设计速度80公里/小时；同步建设地面辅道、排水、照明、交通工程及绿化。',
      plannedStartDate: '2020-03-01',
      plannedCompletionDate: '2022-12-31',
      registrationDate: '2019-03-12',
    }),
  ]);

  const approval = (kind: string, documentNumber: string, decisionDate: string, approvingAuthority: { name: string }, extra: Record<string, unknown> = {}) =>
    x.event('ApprovalDecided', { ...projectRef, kind, result: 'approved', documentNumber, decisionDate, approvingAuthority, ...extra });

  x.post('批准结果：项目建议书、用地预审、选址意见书', projectStream, [
    approval('project-proposal', '苏发改投〔2019〕58号', '2019-04-10', DRC, { summary: '同意建设春申湖路快速化改造工程。' }),
    approval('land-pre-review', '苏自然资预审〔2019〕32号', '2019-06-20', NRP),
    approval('site-selection', '选字第320500201900041号', '2019-06-25', NRP),
  ]);

  x.post('办理过程：可行性研究报告审批（受理、评审、办结）', projectStream, [
    x.event('ApplicationAccepted', {
      ...projectRef,
      applicationId: 'SZFG-2019-06-0117',
      approvalKind: 'feasibility-study',
      itemName: '政府投资项目可行性研究报告审批',
      handlingAuthority: DRC,
      acceptedDate: '2019-06-28',
      promisedCompletionDate: '2019-07-12',
    }),
    x.event('ApplicationProgressed', {
      ...projectRef,
      applicationId: 'SZFG-2019-06-0117',
      approvalKind: 'feasibility-study',
      itemName: '政府投资项目可行性研究报告审批',
      handlingAuthority: DRC,
      stage: '委托评估',
      progress: '已委托苏州市工程咨询中心组织专家评审，评审会于2019年7月5日召开。',
      progressDate: '2019-07-05',
    }),
    x.event('ApplicationConcluded', {
      ...projectRef,
      applicationId: 'SZFG-2019-06-0117',
      approvalKind: 'feasibility-study',
      itemName: '政府投资项目可行性研究报告审批',
      handlingAuthority: DRC,
      outcome: 'approved',
      concludedDate: '2019-07-15',
      resultDocumentNumber: '苏发改投〔2019〕132号',
    }),
  ]);

  x.post('批准结果：可研、招标方案、环评、节能、涉水、规划许可、初步设计', projectStream, [
    approval('feasibility-study', '苏发改投〔2019〕132号', '2019-07-15', DRC, {
      approvedInvestment: 4_862_000_000,
      applicationId: 'SZFG-2019-06-0117',
    }),
    approval('tendering-scheme', '苏发改招〔2019〕27号', '2019-07-20', DRC, { summary: '勘察、设计、施工、监理及重要设备材料采购全部公开招标，委托招标。' }),
    approval('environmental-impact', '苏环建〔2019〕88号', '2019-08-20', EE),
    approval('energy-review', '苏发改能审〔2019〕41号', '2019-08-28', DRC),
    approval('land-use-planning-permit', '地字第320500201900087号', '2019-09-10', NRP),
    approval('soil-water-conservation', '苏水许可〔2019〕65号', '2019-09-20', WATER),
    approval('flood-impact', '苏水许可〔2019〕71号', '2019-09-25', WATER),
    approval('preliminary-design', '苏发改投〔2019〕215号', '2019-10-18', DRC, { approvedInvestment: 4_795_300_000 }),
    approval('engineering-planning-permit', '建字第320500201900256号', '2019-12-05', NRP),
  ]);

  // --- 招标投标: the construction tender ------------------------------------------------
  const tenderStream = `tender-${TENDER}`;
  const tenderRef = { tenderId: TENDER, projectCode: PROJECT, tenderName: '春申湖路快速化改造工程施工I标段' };
  const tenderee = withContact(projectUnit, '苏州市相城区元和街道相城大道1008号', '陈工', '0512-65781234');
  x.post('招标公告：施工I标段', tenderStream, [
    x.event('TenderNoticePublished', {
      ...tenderRef,
      content: '春申湖路（苏虞张公路至太阳路段）高架主线、地面道路、排水及附属工程施工。',
      scope: '招标范围为施工图纸及工程量清单所列全部内容。',
      scale: '路线长约5.2公里，估算建安费约16.8亿元。',
      fundingSource: '财政资金及地方政府专项债券，已落实',
      controlPrice: 1_712_436_800.5,
      qualificationRequirements: '具备市政公用工程施工总承包特级资质，或市政公用工程施工总承包一级资质且近五年完成过类似工程；拟派项目负责人具备市政公用工程一级注册建造师执业资格。',
      jointBidAccepted: false,
      documentsAvailableFrom: '2019-12-02',
      documentsAvailableUntil: '2019-12-06',
      documentsMethod: '登录苏州市公共资源交易平台使用CA数字证书免费下载',
      submissionMethod: '通过苏州市公共资源交易平台递交电子投标文件',
      submissionDeadline: '2019-12-23T09:30:00+08:00',
      openingTime: '2019-12-23T09:30:00+08:00',
      tenderee,
      agent: withContact(tenderAgent, '苏州工业园区星湖街328号', '王工', '0512-62561234'),
      platformUrl: 'https://ggzy.suzhou.gov.cn/',
      noticeDate: '2019-12-02',
    }),
  ]);
  x.post('中标候选人公示：施工I标段', tenderStream, [
    x.event('CandidatesPublicized', {
      ...tenderRef,
      reportReceivedDate: '2019-12-25',
      publicityStart: '2019-12-26',
      publicityEnd: '2019-12-28',
      candidates: [
        { rank: 1, name: contractor.name, creditCode: contractor.creditCode, bidPrice: 1_654_218_360.27, quality: '合格', duration: '1080日历天', score: 93.62, projectManager: { name: '张振华', certificateNumber: '苏1322012201512345' } },
        { rank: 2, name: runnerUp.name, creditCode: runnerUp.creditCode, bidPrice: 1_668_900_112.09, quality: '合格', duration: '1080日历天', score: 91.37, projectManager: { name: '刘建平', certificateNumber: '苏1322013201623456' } },
        { rank: 3, name: third.name, creditCode: third.creditCode, bidPrice: 1_681_532_045.6, quality: '合格', duration: '1080日历天', score: 89.05, projectManager: { name: '赵志刚', certificateNumber: '苏1322014201734567' } },
      ],
      evaluationSummary: '评标委员会由7人组成，采用综合评估法，共有9家投标人通过资格审查。',
      objectionContact: { name: '苏州春申湖建设发展有限公司', phone: '0512-65781234', address: '苏州市相城区相城大道1008号' },
    }),
  ]);
  x.post('投诉处理决定：施工I标段', tenderStream, [
    x.event('ComplaintDecided', {
      ...tenderRef,
      complaintNumber: '苏住建招投诉〔2019〕15号',
      complainant: runnerUp,
      acceptedDate: '2019-12-30',
      decisionDate: '2020-01-06',
      decision: 'rejected',
      reasons: '经调查，第一中标候选人业绩证明材料真实有效，投诉事项缺乏事实依据。',
      decisionNumber: '苏住建招决〔2020〕2号',
      authority: HC,
    }),
  ]);
  x.post('中标结果、合同订立：施工I标段', tenderStream, [
    x.event('AwardPublicized', {
      ...tenderRef,
      winner: contractor,
      winningPrice: 1_654_218_360.27,
      duration: '1080日历天',
      projectManager: { name: '张振华', certificateNumber: '苏1322012201512345' },
      awardDate: '2020-01-08',
      noticeDate: '2020-01-09',
    }),
    x.event('ContractSigned', {
      ...tenderRef,
      contractNumber: 'CSH-SG-2020-001',
      contractor,
      contractAmount: 1_654_218_360.27,
      signedDate: '2020-01-20',
      duration: '1080日历天',
      plannedStartDate: '2020-03-20',
      plannedCompletionDate: '2023-03-03',
    }),
  ]);

  // The supervision tender uses prequalification; posted through the batch endpoint.
  x.batch('资格预审公告：监理标段（批量接口）', [
    {
      streamId: `tender-${TENDER_SUPERVISION}`,
      events: [
        x.event('PrequalificationNoticePublished', {
          tenderId: TENDER_SUPERVISION,
          projectCode: PROJECT,
          tenderName: '春申湖路快速化改造工程施工监理',
          content: '春申湖路快速化改造工程全线施工阶段监理及缺陷责任期监理。',
          scope: '全线施工监理',
          scale: '路线长约10.6公里',
          fundingSource: '财政资金，已落实',
          qualificationRequirements: '具备市政公用工程监理甲级资质；拟派总监理工程师具备注册监理工程师（市政公用工程）执业资格。',
          jointBidAccepted: false,
          documentsAvailableFrom: '2019-12-09',
          documentsAvailableUntil: '2019-12-13',
          documentsMethod: '登录苏州市公共资源交易平台免费下载资格预审文件',
          submissionMethod: '通过苏州市公共资源交易平台递交电子资格预审申请文件',
          applicationDeadline: '2019-12-20T09:30:00+08:00',
          tenderee,
          platformUrl: 'https://ggzy.suzhou.gov.cn/',
          noticeDate: '2019-12-09',
        }),
      ],
    },
  ]);

  // --- 征收土地: the 吴中区 batch for the project ------------------------------------------
  const batchStream = `expropriation-${BATCH}`;
  const batchRef = { batchId: BATCH, region: '320506', projectCodes: [PROJECT] };
  const households = [
    { householdId: 'WZ-2019-007-001', name: '沈建国', id: id('32050619650312123'), phone: '13912345678', address: '苏州市吴中区郭巷街道尹山村东港组8号' },
    { householdId: 'WZ-2019-007-002', name: '陆秀英', id: id('32050619581105204'), phone: '13862123456', address: '苏州市吴中区郭巷街道尹山村东港组12号' },
    { householdId: 'WZ-2019-007-003', name: '顾志明', id: id('32050619720823315'), phone: '15995612345', address: '苏州市吴中区郭巷街道尹山村西港组3号' },
  ];
  x.post('征收土地预公告', batchStream, [
    x.event('PreAnnouncementPublished', {
      ...batchRef,
      announcementNumber: '吴政地预〔2019〕7号',
      scope: '吴中区郭巷街道尹山村东港组、西港组，春申湖路南延段用地范围内集体土地，具体以勘测定界图为准。',
      estimatedArea: 86_520.5,
      purpose: '春申湖路快速化改造工程建设（交通基础设施），属于《土地管理法》第四十五条第一款第（二）项规定的公共利益需要。',
      surveyArrangements: '2019年5月20日至31日开展土地现状调查，请相关权利人配合；预公告期间在拟征收范围内抢栽抢建的，不予补偿。',
      issuingAuthority: WUZHONG,
      publicityStart: '2019-05-13',
      publicityEnd: '2019-05-24',
    }),
  ]);
  x.post('土地现状调查结果（村集体成员可见）', batchStream, [
    x.event('StatusSurveyPublished', {
      ...batchRef,
      completedDate: '2019-05-31',
      parcels: [
        { parcelNumber: 'WZ-GX-07-01', location: '郭巷街道尹山村东港组', ownership: '尹山村东港村民小组集体所有', landClass: '水浇地', area: 52_310.2 },
        { parcelNumber: 'WZ-GX-07-02', location: '郭巷街道尹山村西港组', ownership: '尹山村西港村民小组集体所有', landClass: '农村宅基地', area: 34_210.3 },
      ],
      households: households.map((h, i) => ({
        householdId: h.householdId,
        rightHolder: h.name,
        village: i < 2 ? '尹山村东港组' : '尹山村西港组',
        housingArea: [186.4, 152.8, 210.6][i],
        attachments: '围墙、水井各1处',
        crops: i === 0 ? '青菜约0.8亩' : undefined,
      })).map((h) => Object.fromEntries(Object.entries(h).filter(([, v]) => v !== undefined))),
    }),
  ]);
  x.post('征地补偿安置方案公告', batchStream, [
    x.event('CompensationPlanAnnounced', {
      ...batchRef,
      announcementNumber: '吴政地方案〔2019〕7号',
      scope: '郭巷街道尹山村东港组、西港组集体土地8.652公顷。',
      landStatus: '水浇地5.231公顷，农村宅基地3.421公顷；涉及农户3户。',
      purpose: '春申湖路快速化改造工程建设。',
      compensationStandards: '土地补偿费和安置补助费按苏州市区片综合地价标准执行；农村村民住宅按重置价格结合区位评估补偿；青苗和地上附着物按吴中区现行标准补偿。',
      resettlementTargets: '被征收土地的农村集体经济组织成员。',
      resettlementMethods: '货币补偿或产权调换安置（安置房源位于郭巷街道尹山湖花园）。',
      socialSecurity: '符合条件的被征地农民纳入城乡居民养老保险，按规定给予社会保障补贴。',
      registrationMethod: '持不动产权属证明材料到郭巷街道征地办公室办理补偿登记',
      registrationDeadline: '2019-07-31',
      objectionChannel: '对方案有异议的，可在公告期内向吴中区人民政府书面提出，电话0512-65251234',
      issuingAuthority: WUZHONG,
      publicityStart: '2019-06-10',
      publicityEnd: '2019-07-10',
    }),
  ]);
  x.post('听证通知、听证举行', batchStream, [
    x.event('HearingNoticed', {
      ...batchRef,
      hearingNumber: 'WZTZ-2019-007',
      noticeDate: '2019-07-12',
      hearingDate: '2019-07-25',
      hearingTime: '09:30',
      location: '郭巷街道办事处三楼会议室',
      matters: '征地补偿安置方案中住宅补偿标准',
      participation: '被征地农户或其委托代理人凭身份证明参加',
      organiser: WUZHONG,
    }),
    x.event('HearingHeld', {
      ...batchRef,
      hearingNumber: 'WZTZ-2019-007',
      heldDate: '2019-07-25',
      location: '郭巷街道办事处三楼会议室',
      participantsCount: 11,
      summary: '听证会听取了被征地农户对住宅补偿标准的意见，征地实施单位作了说明。',
      outcome: '采纳关于提高附属设施补偿标准的意见，方案相应调整后报批。',
      transcript: '听证笔录（依申请公开）：主持人宣布听证开始……沈建国：希望提高围墙补偿标准……',
    }),
  ]);
  x.post('补偿登记（依申请公开）、补偿费用到位情况', batchStream, [
    x.event('CompensationRegistered', {
      ...batchRef,
      registrationDate: '2019-07-31',
      households: households.map((h, i) => ({
        householdId: h.householdId,
        name: h.name,
        idNumber: h.id,
        phone: h.phone,
        address: h.address,
        parcelNumber: i < 2 ? 'WZ-GX-07-01' : 'WZ-GX-07-02',
        propertyCertificate: `苏(2018)苏州市吴中区不动产权第00${5321 + i}号`,
        registeredContent: '宅基地使用权及房屋所有权；附属设施：围墙、水井。',
      })),
    }),
    x.event('CompensationFundsReported', {
      ...batchRef,
      reportDate: '2019-08-15',
      period: '2019年8月',
      totalBudget: 38_650_000,
      fundsReceived: 38_650_000,
      fundsSpent: 0,
      householdsPaid: 0,
      notes: '征地补偿费用已足额存入征地补偿专户。',
    }),
  ]);
  x.post('征地批准、征收土地公告、补偿费用支付', batchStream, [
    x.event('ExpropriationApproved', {
      ...batchRef,
      approvingAuthority: { name: '江苏省人民政府' },
      documentNumber: '苏政地〔2019〕1234号',
      approvalDate: '2019-11-20',
      totalArea: 86_520.5,
      agriculturalArea: 52_310.2,
      cultivatedArea: 52_310.2,
      approvedDocuments: ['explanatory-statement', 'farmland-conversion', 'supplementary-farmland', 'expropriation-scheme', 'supply-scheme'],
    }),
    x.event('ExpropriationNoticePublished', {
      ...batchRef,
      approvalDocumentNumber: '苏政地〔2019〕1234号',
      approvalReceivedDate: '2019-11-25',
      noticeNumber: '吴政征告〔2019〕7号',
      noticeDate: '2019-12-02',
      scope: '郭巷街道尹山村东港组、西港组集体土地8.652公顷。',
      schedule: '2019年12月31日前完成补偿费用支付和交地。',
      issuingAuthority: WUZHONG,
    }),
    x.event('CompensationPaid', {
      ...batchRef,
      paymentDate: '2019-12-20',
      households: households.map((h, i) => ({
        householdId: h.householdId,
        name: h.name,
        items: '住宅及附属设施补偿、青苗补偿',
        amount: [1_865_320, 1_528_460.5, 2_106_880][i],
        bankAccount: `62284804021234567${i}`,
      })),
    }),
  ]);

  // --- 施工许可, 重大设计变更, 施工, 质量安全 ---------------------------------------------------
  x.post('施工许可、重大设计变更、参建单位、施工图审查、质量安全监督', projectStream, [
    x.event('ParticipantsDisclosed', {
      ...projectRef,
      disclosedDate: '2020-02-10',
      projectLegalPerson: { name: projectUnit.name, creditCode: projectUnit.creditCode, principal: { name: '周建明', position: '董事长' } },
      participants: [
        { role: 'design', name: designer.name, creditCode: designer.creditCode, principal: { name: '许文杰', position: '院长' }, projectLead: { name: '钱立新', position: '设计总负责人', certificateNumber: '一级注册结构工程师S321234' }, qualification: '市政行业甲级' },
        { role: 'construction', name: contractor.name, creditCode: contractor.creditCode, principal: { name: '孙卫国', position: '总经理' }, projectLead: { name: '张振华', position: '项目经理', certificateNumber: '苏1322012201512345' }, qualification: '市政公用工程施工总承包特级' },
        { role: 'supervision', name: supervisor.name, creditCode: supervisor.creditCode, principal: { name: '何俊', position: '总经理' }, projectLead: { name: '马晓东', position: '总监理工程师', certificateNumber: '32012345' }, qualification: '市政公用工程监理甲级' },
      ],
      managementStructure: '施工单位设项目经理部，下设工程、技术、安全、质量、物资、合约6个部门，实行项目经理负责制。',
    }),
    x.event('DrawingReviewCompleted', {
      ...projectRef,
      reviewAgency,
      reviewers: [
        { name: '黄志强', position: '道路专业审查人' },
        { name: '林海', position: '结构专业审查人' },
      ],
      submittedDate: '2020-01-13',
      completedDate: '2020-02-21',
      reviewTimeLimit: '15个工作日',
      result: 'passed',
      certificateNumber: '苏施审〔2020〕0213号',
    }),
    x.event('SupervisionAssigned', {
      ...projectRef,
      agency: { name: '苏州市建设工程质量安全监督站' },
      contact: { name: '市政监督科', phone: '0512-68612345', address: '苏州市姑苏区三香路120号' },
      supervisors: [{ name: '杨帆', position: '监督组长' }],
      registrationNumber: 'SZJD-2020-0317',
      assignedDate: '2020-03-02',
    }),
    approval('construction-permit', '320500202003160101', '2020-03-16', HC, { summary: '建设规模：道路长10.6公里；合同价格165421.84万元；施工单位：江苏吴韵路桥工程有限公司。' }),
    x.event('DesignChangeApproved', {
      ...projectRef,
      changeKind: 'budget',
      changedApproval: { kind: 'preliminary-design', documentNumber: '苏发改投〔2019〕215号' },
      changeReason: '地下管线迁改量超出初步设计预计，并新增跨娄江匝道一处。',
      changeContent: '新增东环路互通匝道1处，调整管线迁改方案；概算相应调增。',
      changeBasis: '《政府投资条例》第二十三条；《苏州市政府投资项目概算管理办法》',
      budgetBefore: 4_795_300_000,
      budgetAfter: 5_012_600_000,
      approvingAuthority: DRC,
      documentNumber: '苏发改投〔2021〕96号',
      decisionDate: '2021-05-14',
    }),
  ]);

  const [, progress, , mistakenInspection] = x.post('开工、施工进度、质量安全检查、整改', projectStream, [
    x.event('ConstructionStarted', {
      ...projectRef,
      startDate: '2020-03-20',
      permitNumber: '320500202003160101',
      plannedCompletionDate: '2023-03-03',
      environmentalMeasures: '施工现场围挡、喷淋降尘、渣土车密闭运输；夜间施工办理许可并公示。',
    }),
    x.event('ProgressReported', {
      ...projectRef,
      reportDate: '2021-06-30',
      period: '2021年上半年',
      progress: '高架桩基完成100%，墩柱完成85%，盖梁完成60%。',
      progressPercent: 58,
      completedInvestment: 2_763_500_000,
      environmentalMeasures: '扬尘在线监测达标率99.2%。',
    }),
    x.event('InspectionRecorded', {
      ...projectRef,
      inspectionId: 'SZJD-2021-0412',
      inspectionDate: '2021-04-12',
      inspectingBody: { name: '苏州市建设工程质量安全监督站' },
      scope: 'safety',
      result: 'issues-found',
      issues: ['P23墩高处作业临边防护不到位', '现场临时用电配电箱未上锁'],
      rectificationRequirement: '立即整改，5日内书面回复。',
      rectificationDeadline: '2021-04-17',
    }),
    // posted on the wrong project by mistake; retracted below
    x.event('InspectionRecorded', {
      ...projectRef,
      inspectionId: 'SZJD-2021-0413',
      inspectionDate: '2021-04-13',
      inspectingBody: { name: '苏州市建设工程质量安全监督站' },
      scope: 'quality',
      result: 'passed',
    }),
    x.event('RectificationCompleted', {
      ...projectRef,
      inspectionId: 'SZJD-2021-0412',
      completedDate: '2021-04-16',
      measures: '已补设临边防护栏杆和安全网，配电箱加锁并落实专人管理。',
      verifiedBy: { name: '苏州市建设工程质量安全监督站' },
      verificationResult: 'passed',
    }),
  ]);
  x.post('合同履行情况：施工I标段', tenderStream, [
    x.event('ContractPerformanceReported', {
      ...tenderRef,
      reportDate: '2021-06-30',
      period: '2021年上半年',
      performance: '施工单位主要管理人员到岗履职，工程进度符合合同约定，已按合同支付进度款。',
      amountPaid: 912_350_000,
      completionPercent: 55,
    }),
  ]);

  x.post('更正：施工进度完成比例填报有误', projectStream, [
    x.event('DisclosureCorrected', {
      targetEventId: progress!.eventId,
      targetType: 'ProgressReported',
      changes: { progressPercent: 56.5 },
      reason: '累计完成比例误按产值口径填报，按形象进度口径更正为56.5%。',
      discoveredDate: '2021-07-08',
    }),
  ]);
  x.post('撤回：误录入本项目的检查记录', projectStream, [
    x.event('DisclosureRetracted', {
      targetEventId: mistakenInspection!.eventId,
      targetType: 'InspectionRecorded',
      reason: '该检查记录属于其他项目，误录入本项目。',
      legalBasis: '《政府网站发展指引》（国办发〔2017〕47号）关于信息发布审核和纠错的要求',
      retractedDate: '2021-04-20',
    }),
  ]);

  // --- 竣工 -----------------------------------------------------------------------------
  const special = (kind: string, acceptanceDate: string, authorityName: string, documentNumber?: string) =>
    x.event('SpecialAcceptanceRecorded', {
      ...projectRef,
      kind,
      acceptanceDate,
      result: 'passed',
      authority: { name: authorityName },
      ...(documentNumber ? { documentNumber } : {}),
    });
  x.post('竣工验收、专项验收、备案、交付使用、竣工决算', projectStream, [
    special('fire', '2022-11-18', '苏州市住房和城乡建设局', '苏住建消验字〔2022〕第0456号'),
    special('environmental', '2022-11-25', '苏州市生态环境局'),
    special('soil-water', '2022-11-28', '苏州市水务局', '苏水保验〔2022〕31号'),
    special('archives', '2022-12-02', '苏州市城建档案馆'),
    special('land-resettlement', '2022-12-05', '苏州市自然资源和规划局'),
    x.event('CompletionAccepted', {
      ...projectRef,
      acceptanceDate: '2022-12-16',
      organiser: projectUnit,
      result: 'qualified',
      summary: '勘察、设计、施工、监理单位分别签署质量合格文件，工程质量验收合格。',
    }),
    x.event('CompletionFiled', {
      ...projectRef,
      filingDate: '2022-12-28',
      filingNumber: '苏建竣备〔2022〕0891号',
      filingAuthority: HC,
    }),
    x.event('HandedOver', {
      ...projectRef,
      handoverDate: '2022-12-30',
      recipient: org('苏州市市政设施管理有限公司', '91320500MA27HJ1K2'),
      notes: '春申湖路高架主线于2022年12月30日通车运行。',
    }),
    x.event('FinalAccountsApproved', {
      ...projectRef,
      auditor: auditFirm,
      auditConclusion: '竣工财务决算报表真实反映项目建设成本，审定金额较送审金额核减1.23%。',
      auditedAmount: 4_968_215_300.45,
      finalAmount: 4_968_215_300.45,
      approvingAuthority: FIN,
      documentNumber: '苏财建〔2024〕18号',
      decisionDate: '2024-03-22',
    }),
  ]);

  // --- an enterprise (备案) project in the Industrial Park, through the batch endpoint ---------
  x.batch('企业投资项目赋码及备案（批量接口，苏州工业园区）', [
    {
      streamId: `project-${ENTERPRISE_PROJECT}`,
      events: [
        x.event('ProjectRegistered', {
          projectCode: ENTERPRISE_PROJECT,
          projectName: '星湖智能装备研发及生产基地项目',
          projectUnit: enterprise,
          location: '苏州工业园区唯亭街道春辉路以南',
          region: '320571',
          industry: '通用设备制造业',
          investmentType: 'filing',
          totalInvestment: 520_000_000,
          fundingSources: [{ source: '企业自筹', amount: 520_000_000 }],
          scaleAndContent: '新建研发楼及生产厂房约6.8万平方米，购置数控加工中心等设备120台（套），达产后年产智能装备800台。',
          registrationDate: '2023-05-08',
        }),
        x.event('ApprovalDecided', {
          projectCode: ENTERPRISE_PROJECT,
          projectName: '星湖智能装备研发及生产基地项目',
          kind: 'filing',
          result: 'approved',
          documentNumber: '苏园行审备〔2023〕312号',
          decisionDate: '2023-05-09',
          approvingAuthority: { name: '苏州工业园区行政审批局' },
        }),
      ],
    },
  ]);

  // --- 行政处罚 -----------------------------------------------------------------------------
  x.post('行政处罚决定：施工安全违法（法人）', 'penalty-SZZJ-2021-0156', [
    x.event('PenaltyDecided', {
      penaltyId: 'SZZJ-2021-0156',
      region: '320500',
      decisionNumber: '苏住建罚字〔2021〕第156号',
      caseName: '江苏吴韵路桥工程有限公司未按规定设置安全防护设施案',
      penaltyTypes: ['fine'],
      facts: '2021年4月12日检查发现，该公司承建的春申湖路快速化改造工程施工I标段高处作业临边防护不到位。',
      basis: '《建设工程安全生产管理条例》第六十二条第（四）项',
      result: '罚款人民币伍万元整',
      fineAmount: 50_000,
      party: { type: 'organisation', name: contractor.name, creditCode: contractor.creditCode, legalRepresentative: '孙卫国' },
      authority: HC,
      decisionDate: '2021-08-12',
      publicityEnd: '2022-08-11',
      relatedProjectCodes: [PROJECT],
      relatedTenderId: TENDER,
    }),
  ]);
  x.post('行政处罚决定变更（复议决定）', 'penalty-SZZJ-2021-0156', [
    x.event('PenaltyAltered', {
      penaltyId: 'SZZJ-2021-0156',
      region: '320500',
      alteration: 'changed',
      alterationDate: '2021-11-03',
      decidingAuthority: { name: '苏州市人民政府' },
      documentNumber: '苏府复决字〔2021〕第218号',
      reason: '当事人在检查当日即完成整改，具有从轻情节，复议机关变更罚款数额。',
      newResult: '罚款人民币叁万元整',
    }),
  ]);
  x.post('行政处罚决定：违法建设（自然人，个人信息遮蔽）', 'penalty-GSZF-2022-0321', [
    x.event('PenaltyDecided', {
      penaltyId: 'GSZF-2022-0321',
      region: '320508',
      decisionNumber: '姑综执罚决字〔2022〕第321号',
      caseName: '未取得建设工程规划许可证进行建设案',
      penaltyTypes: ['fine'],
      facts: '当事人在姑苏区平江街道某小区楼顶未经规划许可搭建彩钢板房约24平方米。',
      basis: '《中华人民共和国城乡规划法》第六十四条',
      result: '限期拆除，并处罚款人民币贰仟元整',
      fineAmount: 2_000,
      party: { type: 'natural-person', name: '徐卫东', idNumber: id('32050819780214361') },
      authority: { name: '苏州市姑苏区综合行政执法局' },
      decisionDate: '2022-06-15',
      publicityEnd: '2022-09-14',
    }),
  ]);

  // --- 政府采购 -----------------------------------------------------------------------------
  const procurementId = 'JSZC-320500-2024-G0042';
  const procurementRef = {
    procurementId,
    projectName: '苏州市智慧交通信号控制系统升级项目',
    region: '320500',
    purchaser: withContact(org('苏州市公安局交通警察支队', '11320500014164935'), '苏州市姑苏区人民路1号', '李警官', '0512-65221234'),
    agent: withContact(tenderAgent, '苏州工业园区星湖街328号', '王工', '0512-62561234'),
  };
  const procurementStream = `allocation-procurement-${procurementId}`;
  x.post('政府采购意向、采购公告', procurementStream, [
    x.event('ProcurementIntentionPublished', {
      ...procurementRef,
      demandSummary: '升级市区主干道路口信号控制机600台，建设区域自适应控制平台一套。',
      budget: 28_600_000,
      expectedStartDate: '2024-03-15',
      publishedDate: '2024-02-01',
    }),
    x.event('ProcurementNoticePublished', {
      ...procurementRef,
      method: 'open-tender',
      demand: '信号控制机600台（含安装调试），区域自适应控制平台软件一套，三年运维服务。',
      budget: 28_600_000,
      maxPrice: 28_600_000,
      supplierQualifications: '满足《政府采购法》第二十二条规定；本项目不接受联合体投标。',
      documentsAvailableFrom: '2024-03-15',
      documentsAvailableUntil: '2024-03-21',
      submissionDeadline: '2024-04-08T09:30:00+08:00',
      openingTime: '2024-04-08T09:30:00+08:00',
      noticeDate: '2024-03-15',
    }),
  ]);
  x.post('中标结果、投诉处理、合同、验收', procurementStream, [
    x.event('ProcurementResultPublished', {
      ...procurementRef,
      method: 'open-tender',
      suppliers: [{ name: itSupplier.name, creditCode: itSupplier.creditCode, address: '苏州工业园区若水路388号', amount: 26_980_000 }],
      items: [
        { name: '交通信号控制机', specification: 'ZH-SC600', quantity: '600台', unitPrice: 32_500 },
        { name: '区域自适应控制平台', quantity: '1套', unitPrice: 4_680_000, serviceRequirements: '三年免费运维' },
        { name: '安装调试及运维服务', quantity: '1项', unitPrice: 2_800_000 },
      ],
      experts: ['严明', '蒋文', '韩冬梅', '曹磊', '宋佳'],
      determinedDate: '2024-04-10',
      noticeDate: '2024-04-11',
      noticePeriodDays: 1,
    }),
    x.event('ProcurementComplaintDecided', {
      ...procurementRef,
      complaintNumber: '苏财购投〔2024〕9号',
      complainant: itLoser,
      acceptedDate: '2024-04-22',
      decisionDate: '2024-05-20',
      decision: 'rejected',
      reasons: '评审程序符合采购文件规定，投诉事项缺乏事实依据。',
      decisionNumber: '苏财购决〔2024〕9号',
      authority: FIN,
    }),
    x.event('ProcurementContractPublished', {
      ...procurementRef,
      contractNumber: 'SZJJ-2024-HT-018',
      supplier: itSupplier,
      contractSubject: '交通信号控制系统升级（设备、平台及运维）',
      contractAmount: 26_980_000,
      performancePeriod: '合同签订后180日内完成安装调试，运维期三年',
      signedDate: '2024-04-25',
    }),
    x.event('ProcurementAcceptancePublished', {
      ...procurementRef,
      contractNumber: 'SZJJ-2024-HT-018',
      acceptanceDate: '2024-10-15',
      result: 'passed',
      summary: '600台信号机全部安装调试完毕，平台功能测试通过，验收合格。',
    }),
  ]);
  const soleId = 'JSZC-320500-2024-D0007';
  x.post('单一来源采购公示及成交结果', `allocation-procurement-${soleId}`, [
    x.event('ProcurementSingleSourcePublicized', {
      ...procurementRef,
      procurementId: soleId,
      projectName: '交通信号控制平台原厂软件扩容项目',
      budget: 1_380_000,
      supplier: soleSupplier,
      supplierAddress: '苏州市虎丘区狮山路88号',
      reasons: '平台核心软件为该供应商自主知识产权，扩容须与原有系统兼容，只能从原供应商处采购。',
      expertOpinions: '经3名专业人员论证，同意采用单一来源方式。',
      publicityStart: '2024-05-06',
      publicityEnd: '2024-05-10',
    }),
    x.event('ProcurementResultPublished', {
      ...procurementRef,
      procurementId: soleId,
      projectName: '交通信号控制平台原厂软件扩容项目',
      method: 'single-source',
      suppliers: [{ name: soleSupplier.name, creditCode: soleSupplier.creditCode, address: '苏州市虎丘区狮山路88号', amount: 1_350_000 }],
      items: [{ name: '平台软件扩容许可', quantity: '1项', unitPrice: 1_350_000 }],
      experts: ['严明', '蒋文', '宋佳'],
      determinedDate: '2024-05-13',
      noticeDate: '2024-05-14',
    }),
  ]);

  // --- 国有土地使用权出让 ---------------------------------------------------------------------
  x.post('年度建设用地供应计划', 'allocation-land-use-rights-PLAN-320500-2024', [
    x.event('LandSupplyPlanPublished', {
      planId: 'PLAN-320500-2024',
      region: '320500',
      year: 2024,
      totalArea: 12_860_000,
      structure: [
        { use: 'residential', area: 2_150_000 },
        { use: 'commercial', area: 980_000 },
        { use: 'industrial', area: 5_430_000 },
        { use: 'public', area: 1_600_000 },
        { use: 'transport', area: 2_700_000 },
      ],
      timing: '一季度20%，二季度30%，三季度30%，四季度20%。',
      publishedDate: '2024-01-26',
    }),
  ]);
  const parcel = {
    parcelNumber: '苏地2024-WG-18号',
    location: '吴中区郭巷街道尹山湖路东、东方大道南',
    area: 45_632.8,
    use: 'residential',
    plotRatio: '1.0<容积率≤2.2',
    buildingDensity: '≤25%',
    termYears: 70,
  };
  const landStream = 'allocation-land-use-rights-SZTD-2024-WG-018';
  x.post('国有建设用地使用权挂牌出让公告', landStream, [
    x.event('LandGrantNoticePublished', {
      transactionId: 'SZTD-2024-WG-018',
      region: '320506',
      parcel,
      method: 'listing',
      startingPrice: 1_095_187_200,
      deposit: 219_037_440,
      biddingStart: '2024-06-24',
      biddingEnd: '2024-07-03',
      bidderRequirements: '中华人民共和国境内外的法人和其他组织均可申请参加，申请人应单独申请。',
      grantor: NRP,
      noticeDate: '2024-06-03',
    }),
  ]);
  x.post('出让结果、出让合同', landStream, [
    x.event('LandGrantResultPublished', {
      transactionId: 'SZTD-2024-WG-018',
      region: '320506',
      parcel,
      transferee: developer,
      price: 1_152_600_000,
      transactionDate: '2024-07-03',
      signingDate: '2024-07-12',
    }),
    x.event('LandGrantContractSigned', {
      transactionId: 'SZTD-2024-WG-018',
      region: '320506',
      contractNumber: '3205062024CR0018',
      parcelNumber: '苏地2024-WG-18号',
      transferee: developer,
      price: 1_152_600_000,
      signedDate: '2024-07-12',
      deliveryDate: '2024-09-30',
      agreedStartDate: '2025-03-30',
      agreedCompletionDate: '2028-03-30',
    }),
  ]);

  // --- 矿业权出让 --------------------------------------------------------------------------
  const miningRef = { transactionId: 'SZKQ-2023-003', region: '320506', rightType: 'mining', areaName: '吴中区金山建筑用花岗岩矿', mineral: '建筑用花岗岩' };
  x.post('矿业权出让公告、结果、登记发证', 'allocation-mining-rights-SZKQ-2023-003', [
    x.event('MiningGrantNoticePublished', {
      ...miningRef,
      areaKm2: 0.2136,
      cornerCoordinates: ['1, 3461250.12, 40521830.45', '2, 3461250.12, 40522410.88', '3, 3460881.36, 40522410.88', '4, 3460881.36, 40521830.45'],
      method: 'listing',
      deposit: 12_000_000,
      startingPrice: 60_000_000,
      biddingStart: '2023-05-10',
      biddingEnd: '2023-05-15',
      grantor: NRP,
      noticeDate: '2023-04-10',
    }),
    x.event('MiningGrantResultPublished', {
      ...miningRef,
      transferee: quarry,
      price: 73_500_000,
      transactionDate: '2023-05-15',
    }),
    x.event('MiningRightLicensed', {
      ...miningRef,
      licenceNumber: 'C3200002023067110156789',
      holder: quarry,
      mineName: '苏州金山石材有限公司金山建筑用花岗岩矿',
      validFrom: '2023-06-20',
      validUntil: '2028-06-19',
      issuingAuthority: NRP,
      issuedDate: '2023-06-20',
    }),
  ]);

  // --- 国有产权交易 ------------------------------------------------------------------------
  const soeRef = { transactionId: 'G32023SZ1000018', region: '320500', target: '苏州澄湖物业服务有限公司100%股权' };
  x.post('产权转让信息披露、交易结果公示', 'allocation-state-property-G32023SZ1000018', [
    x.event('StatePropertyTransferDisclosed', {
      ...soeRef,
      transferor: soeTransferor,
      targetCompany: soeTarget,
      reservePrice: 18_260_000,
      valuation: 18_260_000,
      transfereeRequirements: '意向受让方应为依法设立并有效存续的境内企业法人，具有物业服务经营经验。',
      approval: '苏州市人民政府国有资产监督管理委员会 苏国资产〔2023〕45号',
      exchange,
      publicityStart: '2023-08-07',
      publicityEnd: '2023-09-01',
    }),
    x.event('StatePropertyTransferResultPublicized', {
      ...soeRef,
      transferee: soeTransferee,
      price: 19_180_000,
      transactionDate: '2023-09-05',
      publicityStart: '2023-09-06',
      publicityEnd: '2023-09-12',
    }),
  ]);

  // --- 保障性住房分配 ------------------------------------------------------------------------
  const HSB = { name: '苏州市住房保障和房产管理中心' };
  x.post('住房保障政策', 'allocation-affordable-housing-SZZB-2023-12', [
    x.event('HousingPolicyPublished', {
      policyId: 'SZZB-2023-12',
      region: '320500',
      documentTitle: '苏州市市区公共租赁住房保障实施细则',
      documentNumber: '苏住建规〔2023〕12号',
      issuingAuthority: HSB,
      issuedDate: '2023-11-20',
      effectiveDate: '2024-01-01',
      content: '第一条 为规范市区公共租赁住房保障工作……（全文略）',
    }),
  ]);
  x.post('保障性住房年度计划', 'allocation-affordable-housing-PLAN-320500-2024', [
    x.event('HousingAnnualPlanPublished', {
      planId: 'PLAN-320500-2024',
      region: '320500',
      year: 2024,
      items: [
        { housingType: 'public-rental', plannedStarts: 1200, plannedCompletions: 800, plannedAllocations: 1500 },
        { housingType: 'affordable-rental', plannedStarts: 15_000, plannedCompletions: 12_000 },
      ],
      publishedDate: '2024-02-20',
    }),
  ]);
  const round = { roundId: 'SZGZF-2024-03', region: '320500', housingType: 'public-rental' };
  const roundStream = 'allocation-affordable-housing-SZGZF-2024-03';
  const applicants = [
    { applicationNumber: 'GZF2024030015', name: '周丽华', idNumber: id('32050519850517202'), householdSize: 3, householdIncome: 68_400, currentHousingArea: 0, result: 'approved' },
    { applicationNumber: 'GZF2024030016', name: '吴国强', idNumber: id('32050719790930171'), householdSize: 2, householdIncome: 52_800, currentHousingArea: 18.5, result: 'approved' },
    { applicationNumber: 'GZF2024030017', name: '钱晓燕', idNumber: id('32050819920311244'), householdSize: 1, householdIncome: 96_000, result: 'rejected', reason: '家庭人均收入超过规定标准' },
  ];
  x.post('房源及申请公告、审核结果公示（姓名遮蔽，身份证号依申请）', roundStream, [
    x.event('HousingListingPublished', {
      ...round,
      estate: '尹山湖花园公共租赁住房',
      address: '苏州市吴中区郭巷街道尹山湖路58号',
      units: 320,
      unitTypes: [
        { layout: '一室一厅', area: 45.6, count: 120, rentOrPrice: 680 },
        { layout: '两室一厅', area: 59.8, count: 200, rentOrPrice: 890 },
      ],
      eligibility: '具有市区户籍，家庭人均年收入低于市区上年度城镇居民人均可支配收入的70%，且家庭人均住房建筑面积低于15平方米。',
      procedure: '申请 → 街道初审 → 区复核 → 市审核 → 公示 → 摇号配租 → 签约入住',
      applicationFrom: '2024-03-01',
      applicationUntil: '2024-03-31',
      publishedDate: '2024-03-01',
    }),
    x.event('HousingApplicationsReviewed', {
      ...round,
      publicityStart: '2024-04-15',
      publicityEnd: '2024-04-21',
      applicants,
      objectionContact: { name: '苏州市住房保障和房产管理中心', phone: '0512-68721234', address: '苏州市姑苏区干将西路1208号' },
    }),
  ]);
  x.post('公开摇号配租结果、退出', roundStream, [
    x.event('HousingAllocated', {
      ...round,
      method: 'lottery',
      allocationDate: '2024-05-10',
      notary: '江苏省苏州市姑苏公证处',
      results: [
        { applicationNumber: 'GZF2024030015', name: '周丽华', sequenceNumber: 1, unit: '尹山湖花园12幢1单元502室' },
        { applicationNumber: 'GZF2024030016', name: '吴国强', sequenceNumber: 2, unit: '尹山湖花园9幢2单元301室' },
      ],
    }),
    x.event('HousingExited', {
      ...round,
      reportDate: '2025-03-20',
      exits: [{ applicationNumber: 'GZF2024030016', name: '吴国强', unit: '尹山湖花园9幢2单元301室', reason: 'violation', exitDate: '2025-03-15' }],
    }),
  ]);
  x.post('公共资源配置黑名单：骗取保障性住房', 'blacklist-SZBZ-2025-0007', [
    x.event('BlacklistEntryPublished', {
      entryId: 'SZBZ-2025-0007',
      region: '320500',
      area: 'affordable-housing',
      party: { type: 'natural-person', name: '吴国强', idNumber: applicants[1]!.idNumber },
      conduct: '承租公共租赁住房期间将住房转租他人，以隐瞒收入等方式骗取保障资格。',
      basis: '《公共租赁住房管理办法》第三十五条、第三十六条',
      measures: '收回所承租住房，五年内不得再次申请住房保障。',
      decidingAuthority: HSB,
      documentNumber: '苏房保认〔2025〕7号',
      decisionDate: '2025-03-18',
      validFrom: '2025-03-18',
      validUntil: '2030-03-17',
    }),
  ]);

  // --- 文件失效废止 -------------------------------------------------------------------------
  x.post('文件废止：原市区公共租赁住房管理办法', 'document-320500-2016-0088', [
    x.event('DocumentRevoked', {
      documentId: '320500-2016-0088',
      region: '320500',
      documentTitle: '苏州市市区公共租赁住房管理办法',
      documentNumber: '苏府规字〔2016〕8号',
      issuingAuthority: { name: '苏州市人民政府' },
      issuedDate: '2016-07-15',
      action: 'repealed',
      decidingAuthority: { name: '苏州市人民政府' },
      decisionNumber: '苏府规字〔2023〕15号',
      decisionDate: '2023-12-20',
      effectiveDate: '2024-01-01',
      reason: 'superseded',
      reasonDetail: '已被《苏州市市区公共租赁住房保障实施细则》替代。',
    }),
  ]);

  // --- 依申请公开: a citizen asks for the compensation registration of the batch ---------------
  const requestRef = { requestId: 'SZ-YSQ-2019-0031', region: '320506' };
  x.post('依申请公开：申请、补正、征求第三方意见、延期、部分公开、收费', 'request-SZ-YSQ-2019-0031', [
    x.event('RequestSubmitted', {
      ...requestRef,
      agency: WUZHONG,
      requester: { type: 'citizen', name: '钱志远', idNumber: id('32050619750312007'), phone: '13962100031', address: '苏州市吴中区木渎镇金山路18号' },
      channel: 'online',
      submittedDate: '2019-08-02',
      receivedDate: '2019-08-05',
      description: '申请公开本批次征地补偿登记材料（本人所在村民小组）。',
      form: 'electronic',
    }),
    x.event('SupplementRequested', { ...requestRef, noticeDate: '2019-08-08', items: '请写明所在村民小组名称。' }),
    x.event('SupplementReceived', { ...requestRef, receivedDate: '2019-08-12', supplement: '木渎镇金星村第三村民小组。' }),
    x.event('ThirdPartyConsulted', { ...requestRef, consultationId: 'ZQ-2019-0031-1', kind: 'third-party', consulteeType: 'natural-person', consultee: '周建国', sentDate: '2019-08-14' }),
    x.event('ThirdPartyReplied', { ...requestRef, consultationId: 'ZQ-2019-0031-1', replyDate: '2019-08-28', position: 'objects' }),
    x.event('ExtensionApproved', { ...requestRef, approvedDate: '2019-09-20', workingDays: 10, approvedBy: '区政府办公室负责人', notifiedDate: '2019-09-20', reason: '涉及第三方，需要区分处理。' }),
    x.event('FeeCharged', { ...requestRef, noticeDate: '2019-09-23', basis: 'volume', units: 45, amount: 150 }),
    x.event('RequestAnswered', {
      ...requestRef,
      answerDate: '2019-09-26',
      documentNumber: '吴政信公开〔2019〕31号',
      outcome: 'partially-disclosed',
      items: [{ streamId: batchStream, recordKey: 'registration:2019-07-31' }],
      redactedPaths: ['households[].phone'],
      ground: 'third-party-rights',
      explanation: '第三方不同意公开其联系方式，区分处理后提供。',
    }),
  ]);

  return x;
}

let cached: CatalogExamples | undefined;

/** The body of GET /v1/catalog/examples (computed once). */
export function catalogExamples(): CatalogExamples {
  cached ??= { agency: { roles: 'all', regions: ['320500'] }, items: build().items };
  return cached;
}

export interface ExampleAppend {
  streamId: string;
  events: ExampleEvent[];
}

/** The worked example as appends to streams, in posting order (each request's stream id read from
 *  its path, each batch item on its own). */
export function exampleAppends(): ExampleAppend[] {
  return catalogExamples().items.flatMap((item): ExampleAppend[] =>
    'items' in item.body
      ? item.body.items.map((i) => ({ streamId: i.streamId, events: i.events }))
      : [{ streamId: decodeURIComponent(/^\/v1\/streams\/([^/]+)\/events$/.exec(item.path)![1]!), events: item.body.events }],
  );
}
