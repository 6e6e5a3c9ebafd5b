// 更正 and 撤回 as the stories use them: the legal basis a retraction cites, and the reasons
// agencies give. The events themselves are recorded through Ledger.correct / Ledger.retract,
// which put them in their target's stream and fill in its event id once ids are assigned.

/** What a 撤回 cites (the examples' wording). */
export const RETRACTION_BASIS = '《政府网站发展指引》（国办发〔2017〕47号）关于信息发布审核和纠错的要求';
