namespace CsPerf.Synthetic;

/// <summary>Fixed word lists. Changing any entry changes every generated dataset, so append only with care.</summary>
internal static class Vocabulary
{
    /// <summary>Agent display names 花名 with the pinyin used in account ids.</summary>
    public static readonly (string Name, string Pinyin)[] Agents =
    [
        ("小王", "xiaowang"), ("小李", "xiaoli"), ("阿紫", "azi"), ("小美", "xiaomei"), ("阿杰", "ajie"),
        ("糖糖", "tangtang"), ("七七", "qiqi"), ("木子", "muzi"), ("小鱼", "xiaoyu"), ("安安", "anan"),
        ("可乐", "kele"), ("豆豆", "doudou"), ("小雪", "xiaoxue"), ("阿明", "aming"), ("橙子", "chengzi"),
        ("小蝶", "xiaodie"), ("米粒", "mili"), ("小舟", "xiaozhou"), ("青青", "qingqing"), ("阿福", "afu"),
    ];

    public static readonly string[] CustomerOpen =
    [
        "在吗", "在吗？", "你好", "亲，在吗", "有人吗", "客服在吗", "您好，想咨询一下",
    ];

    public static readonly string[] CustomerAsk =
    [
        "这个有货吗", "能便宜点吗", "什么时候发货", "包邮吗", "有优惠券吗", "这个尺码偏大还是偏小",
        "颜色和图片一样吗", "可以开发票吗", "发什么快递", "多久能到", "👍", "好的", "还有别的颜色吗",
        "买两件能打折吗", "质量怎么样", "我175穿什么码", "能送个小礼物吗", "嗯嗯", "谢谢",
        "我的快递到哪了", "可以退换吗", "😊",
    ];

    public static readonly string[] AgentReply =
    [
        "亲，在的呢，请问有什么可以帮您", "有货的亲，今天下单今天发", "亲，这已经是活动价了哦",
        "默认中通，偏远地区除外", "一般2-3天就到啦", "亲，领券下单更优惠哦", "可以开发票的，下单备注抬头即可",
        "亲，按平时的尺码拍就可以", "颜色是实物拍摄的，没有色差哦", "支持七天无理由退换", "好的亲",
        "感谢亲的支持🌹", "两件可以打九五折哦", "亲，稍等我帮您查一下", "已经帮您备注了",
    ];

    public static readonly string[] AutoReply =
    [
        "$亲，欢迎光临本店，客服马上为您服务~", "$您好，当前咨询人数较多，请稍候~", "$欢迎光临！双11活动进行中，全场满300减50",
    ];

    public static readonly string[] Broadcast =
    [
        "@亲，双11预售开始啦，点击链接抢先加购", "@老客专享：回购立减20元", "@新品上架，关注店铺领取无门槛券",
    ];

    public static readonly string[] Reminder =
    [
        "亲，您的订单还没付款哦，库存有限呢", "亲，看到您拍下了还没付款，有什么问题可以问我哦",
    ];

    public static readonly string[] AdvertReply = ["不需要", "好的，我看看"];

    public static readonly string[] Internal =
    [
        "这个客户的单子你跟一下", "收到", "仓库说今天发不了", "好的我来回复", "下午开会别忘了",
    ];

    public static readonly string[] ComplaintReasons = ["态度", "回复慢", "答非所问", "发货慢"];
}
