package i18n

// Keys of `awstutor pricing update` and of the price cache it writes, as
// `pricing show` and every cost command report it. They live in their own
// file, added to both catalogues by init, so the command can grow without
// touching the shared keys.go, ko.go and en.go.
const (
	// Cache, as every command that prices something reads it.
	CLIPriceCacheDamaged    Key = "cli.pricecache.damaged"
	CLIPriceCacheNoteRegion Key = "cli.pricecache.note.region"
	CLIPriceCacheNoteDim    Key = "cli.pricecache.note.dimension"
	CLIPriceCacheNoteUnit   Key = "cli.pricecache.note.unit"
	CLIPriceCacheNoteStale  Key = "cli.pricecache.note.stale"

	// Pricing show: where a region's prices come from.
	CLIPricingOriginBuiltIn Key = "cli.pricing.origin.builtin"
	CLIPricingOriginCached  Key = "cli.pricing.origin.cached"

	// Pricing update.
	CLIPriceUpdProgress  Key = "cli.pricingupdate.progress"
	CLIPriceUpdHead      Key = "cli.pricingupdate.head"
	CLIPriceUpdChanged   Key = "cli.pricingupdate.changed"
	CLIPriceUpdNoChange  Key = "cli.pricingupdate.nochange"
	CLIPriceUpdKept      Key = "cli.pricingupdate.kept"
	CLIPriceUpdConfirmed Key = "cli.pricingupdate.confirmed"
	CLIPriceUpdSaved     Key = "cli.pricingupdate.saved"
	CLIPriceUpdColOld    Key = "cli.pricingupdate.col.old"
	CLIPriceUpdColNew    Key = "cli.pricingupdate.col.new"
	CLIPriceUpdColChange Key = "cli.pricingupdate.col.change"
	CLIPriceUpdColReason Key = "cli.pricingupdate.col.reason"
	CLIPriceUpdCreds     Key = "cli.pricingupdate.creds"
	CLIPriceUpdNetwork   Key = "cli.pricingupdate.network"
	CLIPriceUpdAPI       Key = "cli.pricingupdate.api"
	CLIPriceUpdFailed    Key = "cli.pricingupdate.failed"
	CLIPriceUpdNothing   Key = "cli.pricingupdate.nothing"
	CLIPriceUpdSaveFail  Key = "cli.pricingupdate.savefail"
	CLIPriceUpdEndpoint  Key = "cli.pricingupdate.endpoint"

	// Why the credential chain gave no credentials, inside CLIPriceUpdCreds.
	CLIPriceUpdCauseNone    Key = "cli.pricingupdate.cause.none"
	CLIPriceUpdCauseProfile Key = "cli.pricingupdate.cause.profile"
	CLIPriceUpdCauseSSO     Key = "cli.pricingupdate.cause.sso"

	// Why a price was kept, one per pricing.KeptReason.
	CLIPriceUpdReasonNotMapped   Key = "cli.pricingupdate.reason.not_mapped"
	CLIPriceUpdReasonNoProduct   Key = "cli.pricingupdate.reason.no_product"
	CLIPriceUpdReasonAmbiguous   Key = "cli.pricingupdate.reason.ambiguous"
	CLIPriceUpdReasonUnit        Key = "cli.pricingupdate.reason.unit"
	CLIPriceUpdReasonZeroPrice   Key = "cli.pricingupdate.reason.zero_price"
	CLIPriceUpdReasonImplausible Key = "cli.pricingupdate.reason.implausible"
	CLIPriceUpdReasonMalformed   Key = "cli.pricingupdate.reason.malformed"
	CLIPriceUpdReasonRejected    Key = "cli.pricingupdate.reason.rejected"
)

func init() {
	for k, v := range map[Key]string{
		CLIPriceCacheDamaged:    "가격 캐시 %s 를 쓸 수 없습니다 (%v). 이 파일을 지우거나 awstutor pricing update --region %s 를 다시 실행하세요",
		CLIPriceCacheNoteRegion: "참고: %s 의 리전 %s 는 기본 카탈로그에 없어 쓰지 않습니다",
		CLIPriceCacheNoteDim:    "참고: %s 의 %s 는 awstutor 가 모르는 가격이라 쓰지 않습니다",
		CLIPriceCacheNoteUnit:   "참고: %s 의 %s 는 %s 단위로 저장되어 있지만 awstutor 는 %s 단위로 계산하므로 기본 내장 가격을 씁니다",
		CLIPriceCacheNoteStale:  "참고: %s 의 가격(%s)이 기본 내장 가격(%s)보다 오래되어 기본 내장 가격을 씁니다. awstutor pricing update --region %s 로 새로 받으세요",

		CLIPricingOriginBuiltIn: "기본 내장 가격 (%s). AWS 에서 최신 가격을 받으려면: awstutor pricing update --region %s",
		CLIPricingOriginCached:  "가격 %d개는 캐시 %s 의 값입니다 (%s, * 표시). 나머지 %d개는 기본 내장 가격 (%s) 입니다. 기본 내장 가격으로 돌아가려면 이 파일을 지우세요.",

		CLIPriceUpdProgress:  "가격 조회 중 %d/%d: %s",
		CLIPriceUpdHead:      "%s 가격을 AWS Price List Query API 에서 받았습니다 (%s): 바뀐 가격 %d개, 같은 가격 %d개, 그대로 둔 가격 %d개. 비교 기준: 기본 내장 가격 (%s).",
		CLIPriceUpdChanged:   "바뀐 가격:",
		CLIPriceUpdNoChange:  "기본 내장 가격과 다른 가격은 없습니다.",
		CLIPriceUpdKept:      "그대로 둔 가격 (기본 내장 가격을 계속 씁니다):",
		CLIPriceUpdConfirmed: "근사값이던 가격 %d개가 AWS 가격으로 확인되었습니다.",
		CLIPriceUpdSaved:     "%s 에 저장했습니다. 이제 비용 계산은 이 가격을 씁니다. 기본 내장 가격으로 돌아가려면 이 파일을 지우세요.",
		CLIPriceUpdColOld:    "기본 가격",
		CLIPriceUpdColNew:    "AWS 가격",
		CLIPriceUpdColChange: "변화",
		CLIPriceUpdColReason: "이유",
		CLIPriceUpdCreds:     "AWS 자격 증명이 없거나 만료되었거나 pricing:GetProducts 권한이 없습니다 (%s). aws sso login 을 실행하거나 AWS 자격 증명을 설정하세요 (가격 캐시는 바뀌지 않았습니다)",
		CLIPriceUpdNetwork:   "AWS Price List Query API (%s) 에 연결할 수 없습니다. 네트워크 연결을 확인하고 다시 실행하세요 (가격 캐시는 바뀌지 않았습니다)",
		CLIPriceUpdAPI:       "AWS Price List Query API 가 요청을 거절했습니다 (%s: %s). 가격 캐시는 바뀌지 않았습니다",
		CLIPriceUpdFailed:    "가격을 받지 못했습니다 (%v). 가격 캐시는 바뀌지 않았습니다",
		CLIPriceUpdNothing:   "AWS Price List Query API 에서 쓸 수 있는 %s 가격을 하나도 받지 못해 아무것도 저장하지 않았습니다. 기본 내장 가격을 그대로 씁니다",
		CLIPriceUpdSaveFail:  "가격 캐시를 저장하지 못했습니다 (%v). 이전 캐시는 그대로입니다",
		CLIPriceUpdEndpoint:  "AWSTUTOR_PRICING_ENDPOINT %q 는 http://127.0.0.1:8080 같은 URL 이 아닙니다. 고치거나 지우세요",

		CLIPriceUpdCauseNone:    "자격 증명을 찾지 못함",
		CLIPriceUpdCauseProfile: "AWS 설정에 없는 프로파일",
		CLIPriceUpdCauseSSO:     "SSO 세션이 없거나 만료됨",

		CLIPriceUpdReasonNotMapped:   "조회 방법 없음",
		CLIPriceUpdReasonNoProduct:   "상품 없음",
		CLIPriceUpdReasonAmbiguous:   "가격이 여럿",
		CLIPriceUpdReasonUnit:        "단위가 다름",
		CLIPriceUpdReasonZeroPrice:   "$0 가격",
		CLIPriceUpdReasonImplausible: "믿기 어려운 가격",
		CLIPriceUpdReasonMalformed:   "형식 오류",
		CLIPriceUpdReasonRejected:    "조회 거절",
	} {
		ko[k] = v
	}
	for k, v := range map[Key]string{
		CLIPriceCacheDamaged:    "the price cache %s cannot be used (%v): delete it or run awstutor pricing update --region %s again",
		CLIPriceCacheNoteRegion: "note: %s is for region %s, which the built-in catalogue does not have, so it is not used",
		CLIPriceCacheNoteDim:    "note: %s holds %s, a price awstutor does not know, so it is not used",
		CLIPriceCacheNoteUnit:   "note: %s holds %s per %s but awstutor prices it per %s, so the built-in price is used",
		CLIPriceCacheNoteStale:  "note: the prices in %s (%s) are older than the built-in prices (%s), so the built-in ones are used; run awstutor pricing update --region %s to refresh them",

		CLIPricingOriginBuiltIn: "Built-in prices of %s. To fetch current prices from AWS: awstutor pricing update --region %s",
		CLIPricingOriginCached:  "%d prices from the cache %s (%s, marked *); the other %d built in (%s). Delete that file to go back to the built-in prices.",

		CLIPriceUpdProgress:  "fetching prices %d of %d: %s",
		CLIPriceUpdHead:      "Refreshed %s prices from the AWS Price List Query API (%s): %d changed, %d unchanged, %d kept, compared with the built-in prices of %s.",
		CLIPriceUpdChanged:   "Changed:",
		CLIPriceUpdNoChange:  "No price differs from the built-in ones.",
		CLIPriceUpdKept:      "Kept (the built-in price stays):",
		CLIPriceUpdConfirmed: "%d prices that were approximate are now confirmed by AWS.",
		CLIPriceUpdSaved:     "Saved to %s; cost figures now use these prices. To go back to the built-in prices, delete that file.",
		CLIPriceUpdColOld:    "BUILT IN",
		CLIPriceUpdColNew:    "AWS NOW",
		CLIPriceUpdColChange: "CHANGE",
		CLIPriceUpdColReason: "WHY",
		CLIPriceUpdCreds:     "AWS credentials are missing, expired or not allowed pricing:GetProducts (%s): run aws sso login or set AWS credentials (the price cache was not changed)",
		CLIPriceUpdNetwork:   "could not reach the AWS Price List Query API at %s: check your network connection and run the command again (the price cache was not changed)",
		CLIPriceUpdAPI:       "the AWS Price List Query API refused the request (%s: %s); the price cache was not changed",
		CLIPriceUpdFailed:    "the prices could not be refreshed (%v); the price cache was not changed",
		CLIPriceUpdNothing:   "the AWS Price List Query API gave no usable %s price, so nothing was saved; the built-in prices stay",
		CLIPriceUpdSaveFail:  "could not save the price cache (%v); the previous cache is unchanged",
		CLIPriceUpdEndpoint:  "AWSTUTOR_PRICING_ENDPOINT %q is not a URL like http://127.0.0.1:8080: fix or unset it",

		CLIPriceUpdCauseNone:    "no credentials found",
		CLIPriceUpdCauseProfile: "the profile is not in your AWS config",
		CLIPriceUpdCauseSSO:     "the SSO session is missing or expired",

		CLIPriceUpdReasonNotMapped:   "not mapped",
		CLIPriceUpdReasonNoProduct:   "no product",
		CLIPriceUpdReasonAmbiguous:   "ambiguous",
		CLIPriceUpdReasonUnit:        "other unit",
		CLIPriceUpdReasonZeroPrice:   "$0 price",
		CLIPriceUpdReasonImplausible: "implausible",
		CLIPriceUpdReasonMalformed:   "malformed",
		CLIPriceUpdReasonRejected:    "query rejected",
	} {
		en[k] = v
	}
}
