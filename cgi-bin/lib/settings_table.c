/* settings_table: the settings registry (see settings.h). Every business
 * number an operator may change is one row here, with its default; the
 * settings page, the validation and the defaults all come from this
 * table. A new subsystem adds its group of rows; they appear on
 * /admin/settings with no page code. */
#include <stdio.h>
#include <string.h>

#include "ad.h"
#include "chain.h"
#include "gb_sim.h"
#include "orderrw.h"
#include "queue.h"
#include "rp.h"
#include "settings.h"

#define G_SITE		"站点"
#define G_MEMBER	"会员"
#define G_WALLET	"钱包与提现"
#define G_MALL		"商城"
#define G_GB		"拼团"
#define G_SIM		"经济模拟器"
#define G_GOLD		"购物金与分红"
#define G_SMS		"短信与登录"
#define G_UPLOAD	"上传"
#define G_CURRENCY	"币种名称"
#define G_QUEUE		"排队返利"
#define G_AD		"广告奖励"
#define G_RP		"红包雨"
#define G_CHAIN		"链动2+1"
#define G_DB		"数据库"
#define G_STORE		"门店与服务点"
#define G_UNION		"工会排队"

#define YUAN_MAX	99999999999LL	/* ¥999,999,999.99 in fen */

static const char *const sms_providers[] = { "log", NULL };
static const char *const queue_settle[] = { "paid", "completed", NULL };
static const char *const queue_periods[] = { "daily", "weekly", "monthly",
	"never", NULL };
static const char *const queue_modes[] = { "keep", "clear", NULL };
static const char *const chain_periods[] = { "monthly", "daily", NULL };
static const char *const chain_deadline[] = { "none", "spill", NULL };

#define CUR_NAME(code, name) \
	{ "currency." code ".name", SET_TEXT, "\"" name "\"", 1, 8, NULL, \
	  NULL, G_CURRENCY, name "（" code "）的名称", \
	  "会员在钱包、明细、商城、活动页和后台看到的币种名称（1 到 8 个字）" }
#define CUR_VALUE(code, name, bp) \
	{ "currency." code ".cash_value_bp", SET_BP, #bp, 0, \
	  GB_SIM_VALUE_BP_MAX, NULL, "基点", G_SIM, name "折合现金", \
	  "模拟器把 1 " name "按面值的多少计为成本（10000 即 100%）" }

/* A list of per-generation rates, referral.mall_bp and ad.upline_bp: at
 * most 3 generations (DESIGN.md §1; ORDERRW_MAX_GEN and AD_MAX_GEN are
 * both 3), each 0 … 10000 basis points. what names it in the message. */
static int
check_gen_bp(struct json_object *v, const char *what, char *msg,
    size_t msgsz)
{
	size_t	i, n = json_object_array_length(v);

	if (n > ORDERRW_MAX_GEN) {
		snprintf(msg, msgsz, "%s最多 %d 代（DESIGN.md §1 合规规则），"
		    "现为 %zu 代", what, ORDERRW_MAX_GEN, n);
		return -1;
	}
	for (i = 0; i < n; i++) {
		struct json_object *e = json_object_array_get_idx(v, i);

		if (!json_object_is_type(e, json_type_int) ||
		    json_object_get_int64(e) < 0 ||
		    json_object_get_int64(e) > ORDERRW_BP_MAX) {
			snprintf(msg, msgsz, "%s每代须为 0 到 %d 基点的整数",
			    what, ORDERRW_BP_MAX);
			return -1;
		}
	}
	return 0;
}
_Static_assert(AD_MAX_GEN == ORDERRW_MAX_GEN && AD_BP_MAX == ORDERRW_BP_MAX,
    "check_gen_bp serves both");

const struct setting_def settings_table[] = {
	{ "site.name", SET_TEXT, "\"拼团\"", 1, 20, NULL, NULL, G_SITE,
	  "站点名称", "会员页面标题与邀请海报上的名称" },

	{ "db.replica_max_lag", SET_INT, "5", 0, 3600, NULL, "秒", G_DB,
	  "备库最大延迟",
	  "公开列表和页面（拼团、商城列表、明细）从只读备库读取；备库落后"
	  "主库超过这么多秒、复制停止或连不上时，改从主库读取。"
	  "未配置备库（app.conf 的 db_replica_socket / db_replica_host）时不起作用" },
	{ "db.replica_wait_ms", SET_INT, "200", 0, 5000, NULL, "毫秒", G_DB,
	  "备库追平等待",
	  "会员看自己的明细时，先等备库追上主库（GTID）最多这么久，"
	  "追不上就从主库读取，所以刚做的操作一定看得到" },

	{ "member.new_days", SET_INT, "7", 0, 365, NULL, "天", G_MEMBER,
	  "新会员期（天）", "注册后多少天内算新会员（A7），与下一项相加" },
	{ "member.new_hours", SET_INT, "0", 0, 23, NULL, "小时", G_MEMBER,
	  "新会员期（小时）", "新会员期在天数之外再加的小时数" },
	{ "promoter.days_per_join_day", SET_INT, "1", 1, 30, NULL, "天",
	  G_MEMBER, "推广员有效期",
	  "每个有参团的日子延长推广员资格的天数（A6）" },
	{ "promoter.new_member_days", SET_INT, "1", 0, 30, NULL, "天",
	  G_MEMBER, "新会员首次参团另加",
	  "新会员（新会员期内）第一次参团时推广员资格另加的天数；默认 1 天，"
	  "即新会员首日参团共得 2 天（A6）" },

	{ "withdraw.min", SET_AMOUNT, "\"1.00\"", 1, YUAN_MAX, NULL, "元",
	  G_WALLET, "最低提现金额", "低于此金额的提现申请被拒绝" },
	{ "withdraw.fee_bp", SET_BP, "500", 0, 5000, NULL, "基点", G_WALLET,
	  "提现手续费", "按提现金额收取（500 基点即 5%）" },
	{ "withdraw.owner_bp", SET_BP, "1000", 0, 5000, NULL, "基点",
	  G_WALLET, "群主提现附加比例", "群主提现时另扣作货款的比例" },
	{ "withdraw.leader_bp", SET_BP, "2000", 0, 5000, NULL, "基点",
	  G_WALLET, "团长提现附加比例", "团长提现时另扣作货款的比例" },
	{ "withdraw.owner_threshold", SET_AMOUNT, "\"5000.00\"", 1, YUAN_MAX,
	  NULL, "元", G_WALLET, "群主货款发货门槛",
	  "群主累计货款达到此金额时可发一次货" },
	{ "withdraw.owner_shipment", SET_AMOUNT, "\"500.00\"", 1, YUAN_MAX,
	  NULL, "元", G_WALLET, "群主每次发货价值", "每次发货抵扣的货款" },
	{ "withdraw.leader_threshold", SET_AMOUNT, "\"10000.00\"", 1,
	  YUAN_MAX, NULL, "元", G_WALLET, "团长货款发货门槛",
	  "团长累计货款达到此金额时可发一次货" },
	{ "withdraw.leader_shipment", SET_AMOUNT, "\"2000.00\"", 1, YUAN_MAX,
	  NULL, "元", G_WALLET, "团长每次发货价值", "每次发货抵扣的货款" },
	{ "recharge.min", SET_AMOUNT, "\"1.00\"", 1, YUAN_MAX, NULL, "元",
	  G_WALLET, "单笔最低充值", "低于此金额的充值被拒绝" },
	{ "recharge.max", SET_AMOUNT, "\"50000.00\"", 1, YUAN_MAX, NULL, "元",
	  G_WALLET, "单笔最高充值", "高于此金额的充值被拒绝" },
	{ "recharge.sandbox", SET_BOOL, "true", 0, 0, NULL, NULL, G_WALLET,
	  "充值沙箱", "开启时使用模拟支付（测试环境）；关闭后沙箱充值与回调均不可用" },
	{ "convert.GREEN.CHANGE", SET_RATIO, "\"1:1\"", 1, 1000000, NULL,
	  NULL, G_WALLET, "绿券兑换零钱比例", "“a:b”：a 绿券兑换 b 零钱" },
	{ "convert.POINTS.CHANGE", SET_RATIO, "\"10:1\"", 1, 1000000, NULL,
	  NULL, G_WALLET, "积分兑换零钱比例", "“a:b”：a 积分兑换 b 零钱" },

	{ "mall.CHANGE.rate", SET_RATIO, "\"1:1\"", 1, 1000000, NULL, NULL,
	  G_MALL, "零钱商城价格比例", "“a:b”：每 b 元零售价标价 a 零钱" },
	{ "mall.CARD.rate", SET_RATIO, "\"1:1\"", 1, 1000000, NULL, NULL,
	  G_MALL, "购物卡商城价格比例", "“a:b”：每 b 元零售价标价 a 购物卡" },
	{ "mall.POINTS.rate", SET_RATIO, "\"10:1\"", 1, 1000000, NULL, NULL,
	  G_MALL, "积分商城价格比例", "“a:b”：每 b 元零售价标价 a 积分" },
	{ "mall.DIVPTS.rate", SET_RATIO, "\"1:1\"", 1, 1000000, NULL, NULL,
	  G_MALL, "分红积分商城价格比例",
	  "“a:b”：每 b 元零售价标价 a 分红积分（每月 1–5 日可兑换）" },
	{ "mallpts.per_yuan_bp", SET_BP, "10000", 0, 100000, NULL, "基点",
	  G_MALL, "每消费 ¥1 赠送消费积分",
	  "商城订单完成后按订单金额发放消费积分：10000 即每 ¥1 得 1 消费积分" },
	{ "referral.mall_bp", SET_JSON, "[200,100]", 0, 0, NULL, "基点",
	  G_MALL, "商城订单推荐奖励（1代、2代）",
	  "商城订单完成后，买家的推荐人（1代）与其推荐人（2代）各得订单金额的"
	  "该比例零钱，合计不超过订单毛利；最多 3 代，每项 0 到 10000" },
	{ "mallpts.inline", SET_BOOL, "false", 0, 0, NULL, NULL, G_MALL,
	  "确认收货时立即发放消费积分",
	  "开启后消费积分在确认收货的同一事务中发放，买家立即可见；关闭时由"
	  "调度程序随后发放" },
	{ "economy.backing_min_bp", SET_BP, "10000", 0, 1000000, NULL, "基点",
	  G_GOLD, "兑付保障率警戒线",
	  "平台备付资金与会员待兑付义务之比低于此值时，资金池页与合规自检页"
	  "显示警示（10000 即 100%）" },
	{ "order.auto_confirm_days", SET_INT, "7", 1, 60, NULL, "天", G_MALL,
	  "自动确认收货", "发货后多少天买家未确认则自动确认收货" },

	{ "gb.zones", SET_JSON,
	  "[99,199,299,399,599,999,1999,4999,10000,50000,100000,500000,1000000]",
	  1, 10000000, NULL, "元", G_GB, "拼团价格专区",
	  "拼团首页按价格分区（元，升序）；活动归入不低于其价格的最小专区"
	  "（99 元区即 99 元及以下，100 元归 199 元区），超出最大专区的归最大专区；"
	  "1 万元及以上显示为“万元区”“5 万元区”等。改动对之后保存的活动生效" },
	{ "gb.blindbox", SET_JSON,
	  "[{\"label\":\"幸运零钱 2 元\",\"currency\":\"CHANGE\",\"amount\":\"2.00\",\"weight\":60},"
	  "{\"label\":\"幸运零钱 10 元\",\"currency\":\"CHANGE\",\"amount\":\"10.00\",\"weight\":30},"
	  "{\"label\":\"积分 100\",\"currency\":\"POINTS\",\"amount\":\"100.00\",\"weight\":9},"
	  "{\"label\":\"大奖 零钱 88 元\",\"currency\":\"CHANGE\",\"amount\":\"88.00\",\"weight\":1}]",
	  0, 0, NULL, NULL, G_GB, "盲盒奖品表",
	  "中奖者可开的盲盒：每项 label、currency、amount、weight（权重）；空列表即关闭盲盒" },

	{ "sim.cost_bp", SET_BP, "3000", 0, GB_SIM_COST_BP_MAX, NULL, "基点",
	  G_SIM, "商品成本比例", "模拟器默认的商品成本占售价比例（3000 即 30%）" },
	{ "sim.uplines", SET_BOOL, "true", 0, 0, NULL, NULL, G_SIM,
	  "默认有上一代、上二代", "模拟时默认参团者有上级（代数奖励计入支出）" },
	{ "sim.gold_held", SET_BOOL, "true", 0, 0, NULL, NULL, G_SIM,
	  "默认持有购物金", "模拟时默认参团者持有购物金" },
	/* What one unit of each currency is worth in cash for the simulator:
	 * 零钱 and 绿券 (convertible 1:1) in full; 积分 at 10:1 as it
	 * converts; 红券 and 分红积分 have no cash value of their own; 购物金
	 * counts when released into 零钱, not when credited; the others are
	 * 0 until the operator sets them. */
	CUR_VALUE("CHANGE", "零钱", 10000),
	CUR_VALUE("CARD", "购物卡", 0),
	CUR_VALUE("POINTS", "积分", 1000),
	CUR_VALUE("RED", "红券", 0),
	CUR_VALUE("GREEN", "绿券", 10000),
	CUR_VALUE("DIVPTS", "分红积分", 0),
	CUR_VALUE("GOLD", "购物金", 0),
	CUR_VALUE("MALLPTS", "消费积分", 0),
	CUR_VALUE("VOUCHER", "购物券", 0),
	CUR_VALUE("GREENPTS", "绿色积分", 0),
	CUR_VALUE("LOVE", "爱心值", 0),

	{ "gold.release_bp", SET_BP, "3", 0, 10000, NULL, "基点", G_GOLD,
	  "购物金每日释放", "每日按持有购物金的此比例释放（3 基点即 0.03%）" },
	{ "gold.release_join_bp", SET_BP, "6", 0, 10000, NULL, "基点", G_GOLD,
	  "参团当日加速释放",
	  "当天参与过拼团的会员，当日释放按此比例（低于每日释放比例时按每日释放比例）" },
	{ "divpool.step", SET_INT, "100", 1, 1000000, NULL, "分红积分",
	  G_GOLD, "分红池转入转出步长", "转入、转出分红池须为此数的整数倍" },

	/* the split's bounds (rules/rp.h) cap what an operator may set */
	{ "rp.max_total", SET_AMOUNT, "\"100000.00\"", 1, RP_TOTAL_MAX, NULL,
	  "元", G_RP, "单场红包雨总金额上限",
	  "新建红包雨时总金额不得超过此数（从平台零钱发行账户转入托管）" },
	{ "rp.max_count", SET_INT, "10000", 1, RP_COUNT_MAX, NULL, "个", G_RP,
	  "单场红包个数上限", "新建红包雨时红包个数不得超过此数" },
	{ "rp.poster_hours", SET_INT, "72", 1, 720, NULL, "小时", G_RP,
	  "首页海报提前展示", "开始前多少小时起在首页和红包雨页展示倒计时海报" },

	{ "sms.provider", SET_ENUM, "\"log\"", 0, 0, sms_providers, NULL,
	  G_SMS, "短信通道", "log：写入短信记录（开发与测试）" },
	{ "sms.code_ttl_sec", SET_INT, "300", 60, 3600, NULL, "秒", G_SMS,
	  "验证码有效期", "短信验证码多久后失效" },
	{ "sms.max_attempts", SET_INT, "5", 1, 20, NULL, "次", G_SMS,
	  "验证码可试次数", "一个验证码最多可输错几次" },
	{ "sms.phone_interval_sec", SET_INT, "60", 10, 3600, NULL, "秒",
	  G_SMS, "同一号码发送间隔", "同一手机号两次发送验证码的最短间隔" },
	{ "sms.phone_daily_max", SET_INT, "10", 1, 100, NULL, "条", G_SMS,
	  "同一号码每日上限", "同一手机号每天最多收几条验证码" },
	{ "sms.ip_hourly_max", SET_INT, "30", 1, 10000, NULL, "条", G_SMS,
	  "同一 IP 每小时上限", "同一 IP 每小时最多请求几条验证码" },
	{ "login.phone_fail_max", SET_INT, "5", 1, 100, NULL, "次", G_SMS,
	  "账号登录失败上限", "时间窗口内同一账号密码错误达到此数即暂停登录" },
	{ "login.ip_fail_max", SET_INT, "30", 1, 10000, NULL, "次", G_SMS,
	  "IP 登录失败上限", "时间窗口内同一 IP 登录失败达到此数即暂停登录" },
	{ "login.fail_window_sec", SET_INT, "900", 60, 86400, NULL, "秒",
	  G_SMS, "登录失败计数窗口", "统计登录失败次数的时间窗口" },

	/* at most svc_image.c's MAX_BYTES_CAP, the body cap of uploads */
	{ "upload.max_bytes", SET_INT, "2097152", 65536, 8388608, NULL,
	  "字节", G_UPLOAD, "图片大小上限", "上传图片的最大字节数（2097152 即 2 MB）" },
	/* at most the 8 MiB body cap of uploads (RF_BIGBODY) */
	{ "upload.video_max_bytes", SET_INT, "8388608", 65536, 8388608, NULL,
	  "字节", G_UPLOAD, "广告视频大小上限",
	  "上传广告视频（MP4、WebM）的最大字节数（8388608 即 8 MB，也是上限）" },

	{ "ad.per_day", SET_INT, "4", 1, 20, NULL, "个", G_AD,
	  "每天须看完的广告数",
	  "会员每天完整看完这么多个广告后得到当天的奖励（每天一次）" },
	{ "ad.duration_sec", SET_INT, "30", 3, 600, NULL, "秒", G_AD,
	  "广告默认时长", "新建广告时的默认观看时长；每个广告可单独设置" },
	{ "ad.reward", SET_AMOUNT, "\"1.00\"", 1, 100000, NULL, "元", G_AD,
	  "每天奖励零钱", "看完当天的广告后发放的零钱" },
	{ "ad.points_per_reward", SET_AMOUNT, "\"1.00\"", 1, 100000, NULL,
	  "消费积分", G_AD, "每次奖励扣除消费积分",
	  "发放奖励时扣除的消费积分；不足时按剩余比例发放（向下取整到分）" },
	{ "ad.upline_bp", SET_JSON, "[1000,500]", 0, 0, NULL, "基点", G_AD,
	  "上级分成（1代、2代）",
	  "会员得到广告奖励时，其推荐人（1代）与推荐人的推荐人（2代）各得奖励"
	  "金额的该比例零钱；最多 3 代，每项 0 到 10000" },
	{ "ad.daily_budget", SET_AMOUNT, "\"10000.00\"", 0, YUAN_MAX, NULL,
	  "元", G_AD, "全平台每日奖励额度",
	  "每天发给所有会员的广告奖励合计上限；发完后页面显示“今日额度已发完”" },
	{ "ad.member_daily_cap", SET_AMOUNT, "\"10.00\"", 0, YUAN_MAX, NULL,
	  "元", G_AD, "每人每日奖励上限", "一个会员一天最多得到的广告奖励" },
	{ "ad.tolerance_sec", SET_INT, "2", 0, 10, NULL, "秒", G_AD,
	  "计时容差", "完成观看的时间可比广告时长早这么多秒（网络延迟）" },
	{ "ad.token_ttl_sec", SET_INT, "600", 60, 86400, NULL, "秒", G_AD,
	  "观看凭证有效期", "广告时长之后，观看凭证还能提交完成的时间；过期须重看" },
	{ "ad.network_pubkey", SET_TEXT, "\"\"", 0, 64, NULL, NULL, G_AD,
	  "第三方广告网络公钥",
	  "广告网络奖励回调的 Ed25519 公钥（64 位十六进制）；留空即关闭回调" },

	{ "queue.enabled", SET_BOOL, "false", 0, 0, NULL, NULL, G_QUEUE,
	  "开启排队返利",
	  "开启后，符合条件的商城订单给买家一条待返权益，并按提取比例把钱计入队列，"
	  "队列按先后顺序返还到零钱" },
	{ "queue.default_bp", SET_BP, "10000", 0, QUEUE_BP_MAX, NULL, "基点",
	  G_QUEUE, "默认返利比例",
	  "待返权益 = 实付金额 × 比例（10000 即 100%）；会员等级、累计消费档位、"
	  "抽奖、商品比例均未设置时用此比例" },
	{ "queue.extract_bp", SET_BP, "5000", 0, 10000, NULL, "基点", G_QUEUE,
	  "提取比例",
	  "每笔订单按实付金额的此比例计入队列，用于返还排在前面的权益（四舍五入到分）" },
	{ "queue.settle_on", SET_ENUM, "\"completed\"", 0, 0, queue_settle,
	  NULL, G_QUEUE, "入队时机",
	  "paid：支付后入队；completed：确认收货后入队（退款的订单不入队）" },
	{ "queue.inline", SET_BOOL, "false", 0, 0, NULL, NULL, G_QUEUE,
	  "入队时立即返还",
	  "开启后，入队与返还在订单的同一事务中完成，买家立即看到；关闭时由调度程序"
	  "随后处理（同一队列的订单依次加锁，见性能测试 queue_order）" },
	{ "queue.mall_scope", SET_BOOL, "true", 0, 0, NULL, NULL, G_QUEUE,
	  "全商城一个队列",
	  "开启：自营与供货商商品排同一个队；关闭：每个商品各排一队" },
	{ "queue.level_bp", SET_JSON, "[]", 0, 0, NULL, "基点", G_QUEUE,
	  "会员等级比例",
	  "如 [{\"level\":\"leader\",\"bp\":12000}]：团长按 120%；按列表顺序取会员"
	  "拥有的第一个等级；优先于累计消费档位、抽奖与默认比例" },
	{ "queue.lottery", SET_JSON, "[]", 0, 0, NULL, "基点", G_QUEUE,
	  "抽奖比例",
	  "固定选项 [1000,2000,5000] 或范围 [{\"min\":1000,\"max\":5000}]；空列表"
	  "即不抽奖。权益未开始返还前会员可抽一次，抽中的比例取代默认比例；"
	  "种子先公布哈希、抽后公开，可验证" },
	{ "queue.exchange_points_bp", SET_BP, "100000", 0, QUEUE_BP_MAX, NULL,
	  "基点", G_QUEUE, "权益兑换积分比例",
	  "每 ¥1 待返权益兑换多少积分（100000 即 10 积分）；0 即不开放" },
	{ "queue.exchange_voucher_bp", SET_BP, "10000", 0, QUEUE_BP_MAX, NULL,
	  "基点", G_QUEUE, "权益兑换购物券比例",
	  "每 ¥1 待返权益兑换多少购物券（10000 即 1 购物券）；0 即不开放" },
	{ "queue.reset_period", SET_ENUM, "\"daily\"", 0, 0, queue_periods,
	  NULL, G_QUEUE, "定时重置",
	  "daily 每日 0 点、weekly 每周一、monthly 每月 1 日、never 不重置" },
	{ "queue.reset_mode", SET_ENUM, "\"keep\"", 0, 0, queue_modes, NULL,
	  G_QUEUE, "重置时未返完的权益",
	  "keep：保留继续排队；clear：清零（已返部分不受影响）" },

	{ "chain.grant_on", SET_ENUM, "\"completed\"", 0, 0, queue_settle,
	  NULL, G_CHAIN, "礼包生效时机",
	  "paid：礼包订单支付后即成为代理并发放奖励；completed：确认收货后（退款的订单不发放）" },
	{ "chain.inline", SET_BOOL, "false", 0, 0, NULL, NULL, G_CHAIN,
	  "立即发放",
	  "开启后，身份与奖励在礼包订单的同一事务中处理，买家立即看到；关闭时由调度程序随后处理" },
	{ "chain.direct_agent", SET_AMOUNT, "\"100.00\"", 0, YUAN_MAX, NULL,
	  "元", G_CHAIN, "代理直推奖", "代理直推的会员每购买一份礼包，代理所得" },
	{ "chain.direct_boss", SET_AMOUNT, "\"300.00\"", 0, YUAN_MAX, NULL,
	  "元", G_CHAIN, "老板直推奖", "老板直推的会员每购买一份礼包，老板所得" },
	{ "chain.see", SET_AMOUNT, "\"200.00\"", 0, YUAN_MAX, NULL, "元",
	  G_CHAIN, "见点奖", "老板团队中（非直推）会员每购买一份礼包，老板所得" },
	{ "chain.see_gens", SET_INT, "3", 1, 9, NULL, "代", G_CHAIN,
	  "见点奖代数",
	  "只计老板以下这么多代以内的团队订单；最多 3 代（DESIGN.md §1），更大的值被拒绝" },
	{ "chain.peer_bp", SET_BP, "1000", 0, 10000, NULL, "基点", G_CHAIN,
	  "平级奖比例",
	  "直推的会员成为老板后，其直推奖与见点奖的这一比例归推荐人（须也是老板）" },
	{ "chain.freeze_bp", SET_BP, "2000", 0, 10000, NULL, "基点", G_CHAIN,
	  "冻结比例",
	  "每笔链动奖励先冻结的比例，满足解冻条件时一次全部解冻到零钱" },
	{ "chain.release_orders", SET_INT, "20", 0, 1000000, NULL, "单",
	  G_CHAIN, "解冻所需团队订单",
	  "两位留给上级的会员都成为代理、且他们团队的礼包订单合计超过此数时解冻" },
	{ "chain.deadline", SET_ENUM, "\"none\"", 0, 0, chain_deadline, NULL,
	  G_CHAIN, "死线保护",
	  "none：直推第 4 位起都安置在自己名下；spill：三三滑落，每人最多三条线，第 4 位起"
	  "按层轮流安置到自己的线（第 3 条）与两条留给上级的线下（见规则说明）" },
	{ "chain.pool", SET_AMOUNT, "\"40.00\"", 0, YUAN_MAX, NULL, "元",
	  G_CHAIN, "每份礼包计入分红池", "链动分红池，按等级分配" },
	{ "chain.pool_period", SET_ENUM, "\"monthly\"", 0, 0, chain_periods,
	  NULL, G_CHAIN, "分红池分配周期",
	  "monthly：每月分配上月；daily：每日分配前一日" },
	{ "chain.pool_ranks", SET_JSON,
	  "[{\"rank\":\"董事\",\"bp\":3000},{\"rank\":\"联创\",\"bp\":3000},"
	  "{\"rank\":\"合伙人\",\"bp\":4000}]", 0, 0, NULL, "基点", G_CHAIN,
	  "分红池等级比例",
	  "每个等级分得池中的比例，同一等级平分；没有人的等级其份额留在池中（最多 9 个等级）" },
	{ "pickup.reward", SET_AMOUNT, "\"20.00\"", 0, YUAN_MAX, NULL, "元",
	  G_STORE, "自提核销奖励",
	  "服务点核销一笔到店自提订单时，服务点负责人获得的奖励（零钱，每单一次）" },

	{ "union.enabled", SET_BOOL, "false", 0, 0, NULL, NULL, G_UNION,
	  "开启工会排队",
	  "开启后，每笔商城订单、门店收银订单给买家一条工会排队额度；每天 0 点按前一天"
	  "的净利润注资，按先后顺序整笔返还" },
	{ "union.share_bp", SET_BP, "6000", 0, 10000, NULL, "基点", G_UNION,
	  "利润注资比例",
	  "前一天净利润（订单毛利 + 供应商差价 + 门店佣金 − 当天发放的奖励与补贴）"
	  "为正时，按此比例转入工会排队资金池；为零或负时不注资" },
	{ "union.quota_bp", SET_BP, "11000", 0, 100000, NULL, "基点", G_UNION,
	  "额度比例",
	  "订单实付金额 × 此比例 = 工会排队额度（11000 即消费 ¥1000 得 ¥1100）" },

	CUR_NAME("CHANGE", "零钱"),
	CUR_NAME("CARD", "购物卡"),
	CUR_NAME("POINTS", "积分"),
	CUR_NAME("RED", "红券"),
	CUR_NAME("GREEN", "绿券"),
	CUR_NAME("DIVPTS", "分红积分"),
	CUR_NAME("GOLD", "购物金"),
	CUR_NAME("MALLPTS", "消费积分"),
	CUR_NAME("VOUCHER", "购物券"),
	CUR_NAME("GREENPTS", "绿色积分"),
	CUR_NAME("LOVE", "爱心值"),
};

const size_t settings_table_n = sizeof(settings_table) /
    sizeof(settings_table[0]);

int
setting_rule_check(const struct setting_def *d, struct json_object *v,
    char *msg, size_t msgsz)
{
	struct queue_conf	c;
	struct chain_conf	cc;

	if (strcmp(d->key, "chain.see_gens") == 0 &&
	    json_object_get_int64(v) > CHAIN_MAX_GEN) {
		snprintf(msg, msgsz, "见点奖最多 %d 代（DESIGN.md §1 合规规则："
		    "奖励最多到买家以上 3 代），不能设为 %lld 代", CHAIN_MAX_GEN,
		    (long long)json_object_get_int64(v));
		return -1;
	}
	if (strcmp(d->key, "chain.pool_ranks") == 0) {
		memset(&cc, 0, sizeof(cc));
		cc.see_gens = 1;
		if (chain_parse_ranks(json_object_to_json_string(v), &cc, msg,
		    msgsz) != CHAIN_OK || chain_conf_check(&cc, msg, msgsz) !=
		    CHAIN_OK)
			return -1;
		return 0;
	}
	if (strcmp(d->key, "referral.mall_bp") == 0)
		return check_gen_bp(v, "商城订单推荐奖励", msg, msgsz);
	if (strcmp(d->key, "ad.upline_bp") == 0)
		return check_gen_bp(v, "广告奖励上级分成", msg, msgsz);
	/* the queue's lists: the parser the engine uses says what is wrong */
	if (strcmp(d->key, "queue.level_bp") == 0)
		return queue_parse_levels(json_object_to_json_string(v), &c, msg,
		    msgsz) == QUEUE_OK ? 0 : -1;
	if (strcmp(d->key, "queue.lottery") == 0)
		return queue_parse_lottery(json_object_to_json_string(v),
		    &c.lottery, msg, msgsz) == QUEUE_OK ? 0 : -1;
	return 0;
}
