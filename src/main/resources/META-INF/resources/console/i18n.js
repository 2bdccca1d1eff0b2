// Labels in Chinese (default) and English; the choice is kept in localStorage.
const LABELS = {
  brand: ['社区物联网中枢', 'Community IoT Hub'],
  navAlerts: ['告警', 'Alerts'], navDevices: ['设备', 'Devices'], navUptime: ['在线率', 'Uptime'],
  navCoverage: ['覆盖率', 'Coverage'], navBroadcasts: ['应急广播', 'Broadcasts'], navMap: ['地图', 'Map'],
  signIn: ['登录', 'Sign in'], signOut: ['退出', 'Sign out'], username: ['用户名', 'Username'], password: ['密码', 'Password'],
  signInTitle: ['值班台登录', 'Duty console sign-in'], langOther: ['English', '中文'],
  alertBoard: ['告警看板', 'Alert board'], live: ['实时', 'live'], reconnecting: ['正在重连…', 'reconnecting…'],
  state: ['状态', 'State'], severity: ['级别', 'Severity'], type: ['类型', 'Type'], deviceClass: ['设备类别', 'Device class'],
  area: ['区划代码', 'Area code'], any: ['全部', 'any'], open: ['未关闭', 'not closed'], apply: ['筛选', 'Filter'],
  device: ['设备', 'Device'], opened: ['发生时间', 'Opened'], age: ['已持续', 'Age'], count: ['次数', 'Count'],
  assignee: ['处置人', 'Assignee'], detail: ['详情', 'Detail'], none: ['暂无', 'None'],
  criticalNew: ['紧急告警', 'CRITICAL alert'], view: ['查看', 'View'],
  alert: ['告警', 'Alert'], trail: ['处置记录', 'Trail'], actions: ['处置', 'Actions'], ack: ['确认接收', 'Acknowledge'], assign: ['派单', 'Assign'],
  resolve: ['办结', 'Resolve'], close: ['评价关闭', 'Close'], reopen: ['重新打开', 'Reopen'], note: ['处置说明', 'Note'],
  rating: ['评分 (1–5)', 'Rating (1–5)'], comment: ['评价', 'Comment'], reason: ['原因', 'Reason'], done: ['已完成', 'Done'],
  devices: ['设备列表', 'Devices'], connectivity: ['连接', 'Connectivity'], since: ['起始', 'Since'], lastSeen: ['最近消息', 'Last seen'],
  name: ['名称', 'Name'], latest: ['最新数据', 'Latest telemetry'], chart24h: ['最近 24 小时', 'Last 24 hours'],
  field: ['指标', 'Field'], history: ['连接记录', 'Connectivity history'], commands: ['指令', 'Commands'],
  from: ['从', 'From'], to: ['到', 'To'], at: ['时间', 'At'], result: ['结果', 'Result'],
  uptime: ['在线率', 'Uptime'], groupBy: ['汇总到', 'Group by'], drill: ['点击柱条下钻', 'Click a bar to drill down'],
  worst: ['在线率最低的设备', 'Worst devices'], csv: ['下载 CSV', 'Download CSV'], up: ['上一级', 'Up one level'],
  uptimePct: ['在线率 %', 'Uptime %'], unknownTime: ['未知时长 (小时)', 'Unknown (h)'], offlineTime: ['离线时长 (小时)', 'Offline (h)'],
  coverage: ['自助机社区覆盖率', 'Kiosk coverage'], covered: ['已覆盖', 'Covered'], communities: ['社区数', 'Communities'],
  uncovered: ['未覆盖的社区', 'Communities not covered'], indicators: ['规划指标', "The plan's indicators"],
  indicator: ['指标', 'Indicator'], target: ['目标', 'Target'], met: ['达标', 'Met'], yes: ['是', 'yes'], no: ['否', 'no'],
  broadcasts: ['应急广播', 'Emergency broadcast'], compose: ['发布广播', 'Compose'], text: ['播报内容', 'Text'],
  priority: ['优先级', 'Priority'], volume: ['音量 %', 'Volume %'], repeat: ['重复次数', 'Repeat'], expiresIn: ['有效期 (分钟)', 'Expires in (min)'],
  send: ['发布…', 'Send…'], confirmTitle: ['确认发布', 'Confirm'], confirm: ['确认发布', 'Confirm and send'], cancel: ['取消', 'Cancel'],
  confirmText: ['将向该区域的所有广播终端播放：', 'Every broadcast unit of the area will play:'],
  stop: ['停止播放', 'Stop'], progress: ['播放进度', 'Progress'], units: ['终端', 'Units'], recent: ['最近的广播', 'Recent broadcasts'],
  targeted: ['目标', 'Targeted'], sent: ['已下发', 'Sent'], accepted: ['已接收', 'Accepted'], playing: ['播放中', 'Playing'],
  played: ['已播放', 'Played'], failed: ['失败', 'Failed'], notReached: ['未送达', 'Not reached'],
  map: ['设备地图', 'Device map'], mapNote: ['离线环境不加载底图：按经纬度绘制设备位置。', 'No map tiles offline: devices drawn by their coordinates.'],
  noCoordinates: ['该区域的设备没有坐标。', 'No device of this area has coordinates.'], load: ['查看', 'Show'],
  page: ['页', 'page'], prev: ['上一页', 'Previous'], next: ['下一页', 'Next'], total: ['共', 'Total'],
  loading: ['加载中…', 'Loading…'], notFound: ['没有找到', 'Not found'],
};

let current = localStorage.getItem('hub.lang') === 'en' ? 1 : 0;

export function t(key) {
  const pair = LABELS[key];
  return pair ? pair[current] : key;
}

export function lang() {
  return current === 0 ? 'zh-CN' : 'en';
}

export function toggleLang() {
  current = 1 - current;
  localStorage.setItem('hub.lang', current === 1 ? 'en' : 'zh');
}

/** Labels of the static page (elements with data-t). */
export function applyStatic(root = document) {
  document.documentElement.lang = lang();
  root.querySelectorAll('[data-t]').forEach(el => { el.textContent = t(el.dataset.t); });
}
