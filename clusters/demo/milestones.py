"""The article's milestones of each demo cluster: relocations, founding enterprises, platforms and policies.

Keyed by the promotion body's slug (tenancy.demo.PROMOTION_BODIES), like clusters/demo/data.py.
"""

# (year or None, kind, title, description). The year is the article's; where it gives none (浦沅 "after the 1960s",
# Nokia, the SEG market, …), the milestone has none either.
MILESTONES = {
    "changsha-cm": [
        (None, "relocation", "浦沅机械厂迁至长沙", "20世纪60年代后，浦沅机械厂迁至长沙（原文未给出具体年份）。"),
        (
            None,
            "relocation",
            "一机部建设机械研究院迁至长沙",
            "20世纪60年代后，第一机械工业部建设机械研究院先后迁至长沙（原文未给出具体年份）。",
        ),
        (
            None,
            "leading_enterprise",
            "研究院孕育出三一、中联重科等龙头企业",
            "借助湖南优越的区位和丰富的劳动力资源，研究院借城市建设之势不断孕育出三一、中联重科等龙头企业。",
        ),
    ],
    "wuxi-iot": [
        (2009, "trigger_event", "国务院批准无锡建设国家传感网创新示范区", "无锡物联网集群的“触发事件”。"),
        (
            2018,
            "policy",
            "江苏省关于加快培育先进制造业集群的指导意见",
            "物联网列入江苏省13个重点培育的先进制造业集群。",
        ),
        (
            None,
            "transformation",
            "形成物联网“生态群落”",
            "依托发达的民营经济和新技术、新要素带来的机遇率先“生根发芽”，以先发优势形成全国领先的物联网“生态群落”。",
        ),
    ],
    "shenzhen-ict": [
        (
            None,
            "trigger_event",
            "赛格电子配套市场与华强北",
            "集群的形成离不开赛格电子配套市场和华强北的支撑，5万余家企业由此形成专业化分工协作。",
        ),
    ],
    "nanjing-grid": [
        (2003, "policy", "江苏省关于培育产业集群促进区域经济发展的意见", "江苏省早在2003年即出台该意见。"),
        (
            2018,
            "policy",
            "江苏省关于加快培育先进制造业集群的指导意见",
            "新型电力（新能源）装备列入江苏省13个重点培育的先进制造业集群。",
        ),
        (
            None,
            "leading_enterprise",
            "龙头企业带动本地配套",
            "为国电南瑞、国电南自、南京高精齿轮等龙头企业提供80%以上本地配套服务。",
        ),
    ],
    "dongguan-terminals": [
        (None, "leading_enterprise", "引进诺基亚", "建立起完整的手机硬件供应体系。"),
        (
            None,
            "transformation",
            "诺基亚衰落后抢占智能手机赛道",
            "依托步步高旗下OPPO、vivo两个子品牌，并引进华为研发制造基地。",
        ),
        (
            None,
            "transformation",
            "延伸至智能穿戴、虚拟与增强现实和智能服务机器人",
            "形成以整机生产制造为主、覆盖方案设计、元器件与模组、电池、整机制造到应用服务全环节的一体化集群。",
        ),
    ],
    "sz-gz-medical": [
        (
            None,
            "transformation",
            "生命科学与电子信息技术交叉融合",
            "高度发达的机电一体化催生数字影像诊断、植入式电子治疗和数字化手术设备，推动迈瑞、开立、理邦等企业转型升级。",
        ),
    ],
    "hangzhou-security": [
        (None, "policy", "深入实施“三名工程”", "引进名校、名院、名所。"),
        (
            None,
            "policy",
            "建成两个国家人工智能开放创新平台",
            "海康威视视频感知、阿里云城市大脑，带动机器视觉等领域“链式创新”。",
        ),
    ],
    "wenzhou-electrical": [
        (None, "trigger_event", "源于改革开放时期的农村经济", "民间自发形成的行业协会、商会奠定集群文化。"),
        (
            None,
            "leading_enterprise",
            "正泰、德力西等龙头企业相互促进",
            "优化整合供应链、建设公共技术服务平台，带动金卡智能、宏丰电工等800余家专精特新中小企业创新发展。",
        ),
    ],
    "gfh-uhd-home": [
        (
            None,
            "policy",
            "行业协会、商会与集群发展促进中心",
            "民营化、原生态、重商文化；依托民间自发形成的行业协会、商会和政府引导的集群发展促进中心树立“竞合”“抱团发展”理念。",
        ),
    ],
    "hefei-voice": [
        (2012, "policy", "安徽省与工业和信息化部签署合作协议", "共同推进合肥智能语音产业发展。"),
        (
            2018,
            "policy",
            "安徽省与工业和信息化部再次签署合作协议",
            "围绕“精准滴灌”“生态构建”出台系列政策措施；两次协议以来累计安排扶持资金近20亿元。",
        ),
        (
            None,
            "policy",
            "设立智能语音及人工智能产业发展基金",
            "先后设立总规模50亿元的产业发展基金（基金规模，不是政府安排的扶持资金），打造“中国声谷”品牌。",
        ),
    ],
}
